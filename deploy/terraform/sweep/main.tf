# tradelet sweep on AWS: the packaged function in its sweep mode fanned out by a Step
# Functions Distributed Map (shard list from S3, results to S3 by the ResultWriter), and the
# AWS Batch array-job alternative in batch.tf. See docs/scale.md.

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  efs                = var.efs_access_point_arn != ""
  state_machine_name = "${var.name_prefix}-map"
}

# The shard list (ItemReader) and the results (ResultWriter); objects expire after 30 days.
resource "aws_s3_bucket" "sweep" {
  bucket_prefix = "${var.name_prefix}-"
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "sweep" {
  bucket                  = aws_s3_bucket.sweep.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "sweep" {
  bucket = aws_s3_bucket.sweep.id

  rule {
    id     = "expire"
    status = "Enabled"

    filter {}

    expiration {
      days = 30
    }
  }
}

resource "aws_cloudwatch_log_group" "function" {
  count = var.enable_lambda ? 1 : 0

  name              = "/aws/lambda/${var.name_prefix}"
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
  count = var.enable_lambda ? 1 : 0

  name               = "${var.name_prefix}-function"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "function_logs" {
  count = var.enable_lambda ? 1 : 0

  role       = aws_iam_role.function[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/${local.efs ? "AWSLambdaVPCAccessExecutionRole" : "AWSLambdaBasicExecutionRole"}"
}

resource "aws_iam_role_policy" "function_efs" {
  count = var.enable_lambda && local.efs ? 1 : 0

  name = "efs-mount"
  role = aws_iam_role.function[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["elasticfilesystem:ClientMount"]
      Resource  = "*"
      Condition = { StringEquals = { "elasticfilesystem:AccessPointArn" = var.efs_access_point_arn } }
    }]
  })
}

resource "aws_lambda_function" "sweep" {
  count = var.enable_lambda ? 1 : 0

  function_name    = var.name_prefix
  description      = "tradelet sweep shards ({\"mode\":\"sweep\",...} events)"
  role             = aws_iam_role.function[0].arn
  filename         = var.zip_path
  source_code_hash = filebase64sha256(var.zip_path)
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = [var.architecture]
  memory_size      = var.memory_size
  timeout          = var.timeout
  tags             = var.tags

  environment {
    # Scheduled events reaching this function are only probed, never traded.
    variables = { TRADELET_LAMBDA_RUNNER = "probe" }
  }

  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
    system_log_level      = "WARN"
    log_group             = aws_cloudwatch_log_group.function[0].name
  }

  dynamic "file_system_config" {
    for_each = local.efs ? [1] : []
    content {
      arn              = var.efs_access_point_arn
      local_mount_path = "/mnt/tradelet"
    }
  }

  dynamic "vpc_config" {
    for_each = local.efs ? [1] : []
    content {
      subnet_ids         = var.subnet_ids
      security_group_ids = var.security_group_ids
    }
  }
}

data "aws_iam_policy_document" "states_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "states" {
  count = var.enable_lambda ? 1 : 0

  name               = "${var.name_prefix}-states"
  assume_role_policy = data.aws_iam_policy_document.states_assume.json
  tags               = var.tags
}

# The map may invoke only the sweep function, use only the sweep bucket, and run its own
# child workflows.
resource "aws_iam_role_policy" "states" {
  count = var.enable_lambda ? 1 : 0

  name = "sweep"
  role = aws_iam_role.states[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [aws_lambda_function.sweep[0].arn, "${aws_lambda_function.sweep[0].arn}:*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"]
        Resource = ["${aws_s3_bucket.sweep.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [aws_s3_bucket.sweep.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["states:StartExecution", "states:DescribeExecution", "states:StopExecution"]
        Resource = ["arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:stateMachine:${local.state_machine_name}"]
      },
      {
        Effect   = "Allow"
        Action   = ["states:DescribeExecution", "states:StopExecution"]
        Resource = ["arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:execution:${local.state_machine_name}/*"]
      },
    ]
  })
}

# Execution input: {"config": "sweep/sma.toml", "grid": "sweep/grid.toml",
#                   "data": "/mnt/tradelet/daily", "shards_key": "runs/R/shards.json"}
# Results: s3://BUCKET/results/<execution id>/SUCCEEDED_*.json, one Output per shard.
resource "aws_sfn_state_machine" "sweep" {
  count = var.enable_lambda ? 1 : 0

  name     = local.state_machine_name
  type     = "STANDARD"
  role_arn = aws_iam_role.states[0].arn
  tags     = var.tags
  definition = jsonencode({
    Comment = "tradelet sweep: one sweep-mode Lambda invocation per shard"
    StartAt = "Shards"
    States = {
      Shards = {
        Type                       = "Map"
        MaxConcurrency             = var.max_concurrency
        ToleratedFailurePercentage = 0
        ItemReader = {
          Resource     = "arn:aws:states:::s3:getObject"
          ReaderConfig = { InputType = "JSON" }
          Parameters   = { Bucket = aws_s3_bucket.sweep.bucket, "Key.$" = "$.shards_key" }
        }
        ItemSelector = {
          mode       = "sweep"
          "config.$" = "$.config"
          "grid.$"   = "$.grid"
          "data.$"   = "$.data"
          "shard.$"  = "$$.Map.Item.Value.shard"
        }
        ItemProcessor = {
          ProcessorConfig = { Mode = "DISTRIBUTED", ExecutionType = "STANDARD" }
          StartAt         = "Shard"
          States = {
            Shard = {
              Type       = "Task"
              Resource   = "arn:aws:states:::lambda:invoke"
              Parameters = { FunctionName = aws_lambda_function.sweep[0].arn, "Payload.$" = "$" }
              OutputPath = "$.Payload"
              Retry = [{
                ErrorEquals     = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"]
                IntervalSeconds = 2
                MaxAttempts     = 6
                BackoffRate     = 2
              }]
              End = true
            }
          }
        }
        ResultWriter = {
          Resource   = "arn:aws:states:::s3:putObject"
          Parameters = { Bucket = aws_s3_bucket.sweep.bucket, Prefix = "results" }
        }
        End = true
      }
    }
  })
}
