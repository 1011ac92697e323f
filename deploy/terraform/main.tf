# One Lambda function per strategy, each with its own role, log group, async-invoke settings
# and EventBridge Scheduler schedules; one dead-letter queue and one Scheduler role shared.

locals {
  schedules = merge([
    for name, _ in var.strategies : {
      for i, expression in var.schedule_expressions : "${name}-${i}" => {
        strategy   = name
        expression = expression
      }
    }
  ]...)
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

# Failed runs (Lambda on-failure destination) and undeliverable events (Scheduler DLQ).
resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.name_prefix}-dead-letter"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dead_letter" {
  alarm_name          = "${var.name_prefix}-dead-letter"
  alarm_description   = "A tradelet run failed or was not delivered; see the dead-letter queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarm.arn]
  ok_actions          = [aws_sns_topic.alarm.arn]
  tags                = var.tags
}

# Where the alarm goes: an SNS topic, mailed to alarm_email when one is given (AWS sends a
# confirmation mail first).
resource "aws_sns_topic" "alarm" {
  name = "${var.name_prefix}-alarm"
  tags = var.tags
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email == "" ? 0 : 1

  topic_arn = aws_sns_topic.alarm.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_log_group" "function" {
  for_each = var.strategies

  name              = "/aws/lambda/${var.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_in_days
  tags              = var.tags
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = var.strategies

  name               = "${var.name_prefix}-${each.key}-function"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = var.tags
}

# Least privilege: write to its own log group, read the one secret, send to the one queue.
data "aws_iam_policy_document" "function" {
  for_each = var.strategies

  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
  }

  statement {
    sid       = "AlpacaCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.alpaca_secret_arn]
  }

  statement {
    sid       = "OnFailureDestination"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = var.strategies

  name   = "${var.name_prefix}-${each.key}-function"
  role   = aws_iam_role.function[each.key].id
  policy = data.aws_iam_policy_document.function[each.key].json
}

resource "aws_lambda_function" "strategy" {
  for_each = var.strategies

  function_name    = "${var.name_prefix}-${each.key}"
  description      = "tradelet strategy ${each.key}"
  role             = aws_iam_role.function[each.key].arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = [var.architecture]
  filename         = each.value.zip_path
  source_code_hash = filebase64sha256(each.value.zip_path)
  memory_size      = each.value.memory_size
  timeout          = each.value.timeout
  layers           = [var.secrets_extension_layer_arn]

  # Two runs of one strategy never overlap (a late retry and the next slot).
  reserved_concurrent_executions = 1

  environment {
    variables = {
      TRADELET_LAMBDA_RUNNER = var.runner
      TRADELET_SECRET_ID     = var.alpaca_secret_arn
      APCA_API_BASE_URL      = var.alpaca_base_url
    }
  }

  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
    system_log_level      = "WARN"
    log_group             = aws_cloudwatch_log_group.function[each.key].name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.function]
}

# Lambda's own async retries: none; an event older than the maximum age goes to the queue
# instead of trading on a stale slot.
resource "aws_lambda_function_event_invoke_config" "strategy" {
  for_each = var.strategies

  function_name                = aws_lambda_function.strategy[each.key].function_name
  maximum_retry_attempts       = 0
  maximum_event_age_in_seconds = var.lambda_maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dead_letter.arn
    }
  }
}

# Only EventBridge Scheduler acting for this account may assume the role (aws:SourceAccount:
# the confused-deputy guard).
data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name_prefix}-scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeStrategies"
    actions   = ["lambda:InvokeFunction"]
    resources = [for f in aws_lambda_function.strategy : f.arn]
  }

  statement {
    sid       = "DeadLetter"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "${var.name_prefix}-scheduler"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "strategy" {
  for_each = local.schedules

  name                         = "${var.name_prefix}-${each.key}"
  description                  = "tradelet strategy ${each.value.strategy}: ${each.value.expression} ${var.schedule_timezone}"
  schedule_expression          = each.value.expression
  schedule_expression_timezone = var.schedule_timezone
  state                        = var.schedule_state

  # Trading slots are exact: no flexible window.
  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.strategy[each.value.strategy].arn
    role_arn = aws_iam_role.scheduler.arn

    # A literal string, not jsonencode(): jsonencode escapes '<' and '>' as \u003c and \u003e,
    # and Scheduler would then not expand the context attribute. The scheduled time is what
    # makes every attempt of one event map to one slot (docs/deploy.md). No "strategy" field:
    # the function checks it against its config's [strategy] name (e.g. prophet_trend), not
    # against this deployment's key, and each schedule targets one function anyway.
    input = "{\"source\":\"scheduler\",\"scheduled_time\":\"<aws.scheduler.scheduled-time>\",\"execution_id\":\"<aws.scheduler.execution-id>\",\"attempt\":\"<aws.scheduler.attempt-number>\"}"

    retry_policy {
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = var.scheduler_maximum_event_age_in_seconds
    }

    dead_letter_config {
      arn = aws_sqs_queue.dead_letter.arn
    }
  }

  depends_on = [aws_iam_role_policy.scheduler]
}
