output "function_arns" {
  description = "Function ARN per strategy."
  value       = { for name, f in aws_lambda_function.strategy : name => f.arn }
}

output "schedule_names" {
  description = "Scheduler schedule names."
  value       = [for s in aws_scheduler_schedule.strategy : s.name]
}

output "dead_letter_queue_url" {
  description = "Failed or undelivered runs land here."
  value       = aws_sqs_queue.dead_letter.url
}

output "alarm_topic_arn" {
  description = "The SNS topic the dead-letter alarm notifies."
  value       = aws_sns_topic.alarm.arn
}
