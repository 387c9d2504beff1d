terraform {
  required_version = ">= 1.2" # lifecycle precondition blocks; OpenTofu: any release
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}
