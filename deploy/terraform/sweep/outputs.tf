output "bucket" {
  description = "Upload the shard list here (shards_key); results are written under results/."
  value       = aws_s3_bucket.sweep.bucket
}

output "state_machine_arn" {
  description = "aws stepfunctions start-execution --state-machine-arn THIS --input ..."
  value       = var.enable_lambda ? aws_sfn_state_machine.sweep[0].arn : null
}

output "function_arn" {
  description = "The sweep-mode function (invoke it directly for one shard)."
  value       = var.enable_lambda ? aws_lambda_function.sweep[0].arn : null
}

output "batch_job_queue" {
  description = "aws batch submit-job --job-queue THIS ..."
  value       = var.enable_batch ? aws_batch_job_queue.sweep[0].arn : null
}

output "batch_job_definitions" {
  description = "The shard (array) and merge job definitions."
  value       = var.enable_batch ? { shard = aws_batch_job_definition.shard[0].arn, merge = aws_batch_job_definition.merge[0].arn } : null
}
