# terraform init && terraform apply -var alpaca_secret_arn=... -var secrets_extension_layer_arn=...
provider "aws" {
  region = "us-east-1"
}

variable "alpaca_secret_arn" {
  type = string
}

variable "secrets_extension_layer_arn" {
  type = string
}

module "tradelet" {
  source = "../.."

  strategies = {
    trend = { zip_path = "${path.root}/build/trend.zip" }
  }
  alpaca_secret_arn           = var.alpaca_secret_arn
  secrets_extension_layer_arn = var.secrets_extension_layer_arn
  runner                      = "probe"
}

output "function_arns" {
  value = module.tradelet.function_arns
}
