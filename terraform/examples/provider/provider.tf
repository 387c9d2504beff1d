terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

# The keys and the endpoint from OPENAI_API_KEY, OPENAI_ADMIN_KEY, OPENAI_BASE_URL.
provider "openai" {}
