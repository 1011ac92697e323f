variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "tradelet-sweep"
}

variable "zip_path" {
  description = "The function package: `tradelet package lambda --config CONFIG.toml -o sweep.zip` (the sweep's own config and grid come with the execution input)."
  type        = string
  default     = ""
}

variable "architecture" {
  description = "x86_64 or arm64; must match the packaged binary (arm64 is about 20 % cheaper per GB-second)."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "MB per shard function; 1769 MB is one full vCPU."
  type        = number
  default     = 1769
}

variable "timeout" {
  description = "Seconds per shard (Lambda's limit is 900)."
  type        = number
  default     = 900

  validation {
    condition     = var.timeout >= 10 && var.timeout <= 900
    error_message = "timeout must be 10-900 s."
  }
}

variable "max_concurrency" {
  description = "Shards running at once (the Distributed Map's MaxConcurrency); keep it within the account's Lambda concurrency quota."
  type        = number
  default     = 100

  validation {
    condition     = var.max_concurrency >= 1 && var.max_concurrency <= 10000
    error_message = "max_concurrency must be 1-10000."
  }
}

variable "efs_access_point_arn" {
  description = "EFS access point with the bars, mounted at /mnt/tradelet by the function and the Batch jobs. Empty: the data must be inside the package (Lambda) or the image (Batch)."
  type        = string
  default     = ""
}

variable "efs_file_system_id" {
  description = "The EFS file system of efs_access_point_arn (Batch volumes name both)."
  type        = string
  default     = ""
}

variable "subnet_ids" {
  description = "Subnets for the function (when EFS is mounted) and the Batch compute environment."
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups for the function and the Batch tasks (NFS to the EFS mount targets, HTTPS to ECR)."
  type        = list(string)
  default     = []
}

variable "log_retention_in_days" {
  description = "Retention of the function's and the jobs' log groups."
  type        = number
  default     = 30
}

variable "enable_lambda" {
  description = "Create the Lambda function and the Step Functions Distributed Map."
  type        = bool
  default     = true
}

variable "enable_batch" {
  description = "Create the AWS Batch alternative (Fargate Spot compute environment, queue, job definitions)."
  type        = bool
  default     = false
}

variable "batch_image" {
  description = "The image built from deploy/batch/Dockerfile, pushed to ECR (URI with tag)."
  type        = string
  default     = ""
}

variable "batch_vcpus" {
  description = "vCPUs per array child (Fargate: 0.25-16); the shard uses every one."
  type        = number
  default     = 2
}

variable "batch_memory" {
  description = "MiB per array child (must be a valid Fargate size for batch_vcpus)."
  type        = number
  default     = 4096
}

variable "batch_max_vcpus" {
  description = "Upper bound of the compute environment: children running at once x batch_vcpus."
  type        = number
  default     = 256
}

variable "batch_shards" {
  description = "N of `tradelet sweep --shard auto/N`: the array size the job definition is written for."
  type        = number
  default     = 100

  validation {
    condition     = var.batch_shards >= 2 && var.batch_shards <= 10000
    error_message = "batch_shards must be 2-10000 (AWS Batch array size limits)."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
