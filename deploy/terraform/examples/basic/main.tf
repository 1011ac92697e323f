# The reference system (examples/prophet_trend_intraday.toml) as the function tradelet-trend;
# docs/deploy.md walks through it:
#   tradelet package lambda --config examples/prophet_trend_intraday.toml -o deploy/terraform/examples/basic/build/trend.zip
#   terraform init && terraform apply -var alpaca_secret_arn=... -var secrets_extension_layer_arn=... -var alarm_email=...
provider "aws" {
  region = "us-east-1"
}

variable "alpaca_secret_arn" {
  type = string
}

variable "secrets_extension_layer_arn" {
  type = string
}

variable "alarm_email" {
  type    = string
  default = ""
}

# probe for the first deploy (each run answers the slot it would trade, and trades nothing);
# `terraform apply -var runner=live ...` to trade.
variable "runner" {
  type    = string
  default = "probe"
}

# DISABLED pauses every schedule: `terraform apply -var schedule_state=DISABLED ...`.
variable "schedule_state" {
  type    = string
  default = "ENABLED"
}

module "tradelet" {
  source = "../.."

  strategies = {
    trend = { zip_path = "${path.root}/build/trend.zip" }
  }
  alpaca_secret_arn           = var.alpaca_secret_arn
  secrets_extension_layer_arn = var.secrets_extension_layer_arn
  alarm_email                 = var.alarm_email
  runner                      = var.runner
  schedule_state              = var.schedule_state
}

output "function_arns" {
  value = module.tradelet.function_arns
}
