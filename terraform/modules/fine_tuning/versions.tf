terraform {
  required_version = ">= 1.5"
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}
