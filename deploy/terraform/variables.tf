variable "strategies" {
  description = "One Lambda function per strategy config. Key: strategy name (as in the config's `name`). zip_path: the output of `tradelet package lambda --config NAME.toml -o NAME.zip`."
  type = map(object({
    zip_path    = string
    memory_size = optional(number, 512)
    timeout     = optional(number, 120)
  }))

  validation {
    condition     = alltrue([for name, s in var.strategies : can(regex("^[A-Za-z0-9_-]{1,40}$", name)) && s.timeout <= 840])
    error_message = "Strategy names must be 1-40 letters, digits, '_' or '-', and timeouts at most 840 s (well under the 15-minute schedule)."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name; a function is named <prefix>-<strategy>."
  type        = string
  default     = "tradelet"
}

variable "architecture" {
  description = "x86_64 or arm64; must match the packaged binary."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "schedule_expressions" {
  description = "EventBridge Scheduler expressions evaluated in schedule_timezone. The defaults cover 09:30-15:45 New York time every 15 minutes, Monday to Friday, across DST."
  type        = list(string)
  default     = ["cron(45 9 ? * MON-FRI *)", "cron(0/15 10-15 ? * MON-FRI *)"]
}

variable "schedule_timezone" {
  description = "IANA time zone of the schedules."
  type        = string
  default     = "America/New_York"
}

variable "schedule_state" {
  description = "ENABLED or DISABLED."
  type        = string
  default     = "ENABLED"
}

variable "runner" {
  description = "live trades; probe reports the slot each event maps to and trades nothing."
  type        = string
  default     = "live"

  validation {
    condition     = contains(["live", "probe"], var.runner)
    error_message = "runner must be live or probe."
  }
}

variable "alpaca_secret_arn" {
  description = "Secrets Manager secret whose SecretString is {\"APCA_API_KEY_ID\":\"...\",\"APCA_API_SECRET_KEY\":\"...\"}."
  type        = string
}

variable "secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for the region and architecture."
  type        = string
}

variable "alpaca_base_url" {
  description = "Alpaca Trading API base URL (paper by default)."
  type        = string
  default     = "https://paper-api.alpaca.markets"
}

variable "alarm_email" {
  description = "Address the dead-letter alarm notifies through the SNS topic (AWS sends a confirmation mail first). Empty: no subscription."
  type        = string
  default     = ""

  validation {
    condition     = var.alarm_email == "" || can(regex("^[^@[:space:]]+@[^@[:space:]]+$", var.alarm_email))
    error_message = "alarm_email must be empty or an e-mail address."
  }
}

variable "log_retention_in_days" {
  description = "CloudWatch Logs retention of each function's log group."
  type        = number
  default     = 30
}

variable "lambda_maximum_event_age_in_seconds" {
  description = "Lambda async queue: events older than this go to the dead-letter queue instead of running (60-21600)."
  type        = number
  default     = 120
}

variable "scheduler_maximum_event_age_in_seconds" {
  description = "EventBridge Scheduler: how long it keeps trying to deliver one event (60-86400)."
  type        = number
  default     = 60
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}
