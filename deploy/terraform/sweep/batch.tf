# The AWS Batch alternative: a Fargate Spot compute environment and queue, the shard job
# definition (an array job: each child runs `tradelet sweep --shard auto/N`, K from
# AWS_BATCH_JOB_ARRAY_INDEX) and the merge job definition (run after the array, dependsOn).
# The image is deploy/batch/Dockerfile; data and outputs live on EFS under /mnt/tradelet.
# deploy/batch/job-definition.json is the same shard job for `aws batch register-job-definition`.

locals {
  batch_shard_command = ["/bin/sh", "-c", "exec tradelet sweep --config \"$TRADELET_CONFIG\" --grid \"$TRADELET_GRID\" --data \"$TRADELET_DATA\" --threads 0 --shard \"auto/$TRADELET_SHARDS\" --out \"$TRADELET_RUNS/$TRADELET_RUN/shard-$AWS_BATCH_JOB_ARRAY_INDEX\""]
  batch_merge_command = ["/bin/sh", "-c", "exec tradelet sweep merge --out \"$TRADELET_RUNS/$TRADELET_RUN/merged\" \"$TRADELET_RUNS/$TRADELET_RUN\"/shard-*"]
  batch_environment = [
    { name = "TRADELET_CONFIG", value = "/mnt/tradelet/sweep/strategy.toml" },
    { name = "TRADELET_GRID", value = "/mnt/tradelet/sweep/grid.toml" },
    { name = "TRADELET_DATA", value = "/mnt/tradelet/daily" },
    { name = "TRADELET_RUNS", value = "/mnt/tradelet/runs" },
    { name = "TRADELET_RUN", value = "run-1" },
    { name = "TRADELET_SHARDS", value = tostring(var.batch_shards) },
  ]
  batch_volumes = var.efs_file_system_id == "" ? [] : [{
    name = "tradelet"
    efsVolumeConfiguration = {
      fileSystemId      = var.efs_file_system_id
      transitEncryption = "ENABLED"
      authorizationConfig = {
        accessPointId = element(split("/", var.efs_access_point_arn), 1)
        iam           = "ENABLED"
      }
    }
  }]
  batch_mount_points = var.efs_file_system_id == "" ? [] : [{ sourceVolume = "tradelet", containerPath = "/mnt/tradelet", readOnly = false }]
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Pulls the image and writes the logs.
resource "aws_iam_role" "batch_execution" {
  count = var.enable_batch ? 1 : 0

  name               = "${var.name_prefix}-batch-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "batch_execution" {
  count = var.enable_batch ? 1 : 0

  role       = aws_iam_role.batch_execution[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# What the shard itself may do: mount and write the EFS access point.
resource "aws_iam_role" "batch_job" {
  count = var.enable_batch ? 1 : 0

  name               = "${var.name_prefix}-batch-job"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "batch_job_efs" {
  count = var.enable_batch && local.efs ? 1 : 0

  name = "efs-mount"
  role = aws_iam_role.batch_job[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = "*"
      Condition = { StringEquals = { "elasticfilesystem:AccessPointArn" = var.efs_access_point_arn } }
    }]
  })
}

resource "aws_cloudwatch_log_group" "batch" {
  count = var.enable_batch ? 1 : 0

  name              = "/aws/batch/${var.name_prefix}"
  retention_in_days = var.log_retention_in_days
  tags              = var.tags
}

resource "aws_batch_compute_environment" "sweep" {
  count = var.enable_batch ? 1 : 0

  compute_environment_name_prefix = "${var.name_prefix}-"
  type                            = "MANAGED"
  tags                            = var.tags

  compute_resources {
    type               = "FARGATE_SPOT"
    max_vcpus          = var.batch_max_vcpus
    subnets            = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_batch_job_queue" "sweep" {
  count = var.enable_batch ? 1 : 0

  name     = var.name_prefix
  state    = "ENABLED"
  priority = 1
  tags     = var.tags

  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.sweep[0].arn
  }
}

resource "aws_batch_job_definition" "shard" {
  count = var.enable_batch ? 1 : 0

  name                  = "${var.name_prefix}-shard"
  type                  = "container"
  platform_capabilities = ["FARGATE"]
  propagate_tags        = true
  tags                  = var.tags

  # Spot reclaims and crashes are retried; bad input (exit 2 usage, 3 bad data) is not.
  retry_strategy {
    attempts = 3

    evaluate_on_exit {
      on_exit_code = "2"
      action       = "EXIT"
    }

    evaluate_on_exit {
      on_exit_code = "3"
      action       = "EXIT"
    }

    evaluate_on_exit {
      on_reason = "*"
      action    = "RETRY"
    }
  }

  timeout {
    attempt_duration_seconds = 3600
  }

  container_properties = jsonencode({
    image       = var.batch_image
    command     = local.batch_shard_command
    environment = local.batch_environment
    resourceRequirements = [
      { type = "VCPU", value = tostring(var.batch_vcpus) },
      { type = "MEMORY", value = tostring(var.batch_memory) },
    ]
    executionRoleArn             = aws_iam_role.batch_execution[0].arn
    jobRoleArn                   = aws_iam_role.batch_job[0].arn
    networkConfiguration         = { assignPublicIp = "ENABLED" }
    fargatePlatformConfiguration = { platformVersion = "LATEST" }
    runtimePlatform              = { operatingSystemFamily = "LINUX", cpuArchitecture = "X86_64" }
    volumes                      = local.batch_volumes
    mountPoints                  = local.batch_mount_points
    logConfiguration = {
      logDriver = "awslogs"
      options   = { "awslogs-group" = aws_cloudwatch_log_group.batch[0].name }
    }
  })
}

resource "aws_batch_job_definition" "merge" {
  count = var.enable_batch ? 1 : 0

  name                  = "${var.name_prefix}-merge"
  type                  = "container"
  platform_capabilities = ["FARGATE"]
  propagate_tags        = true
  tags                  = var.tags

  retry_strategy {
    attempts = 1
  }

  timeout {
    attempt_duration_seconds = 1800
  }

  container_properties = jsonencode({
    image       = var.batch_image
    command     = local.batch_merge_command
    environment = [for e in local.batch_environment : e if contains(["TRADELET_RUNS", "TRADELET_RUN"], e.name)]
    resourceRequirements = [
      { type = "VCPU", value = "1" },
      { type = "MEMORY", value = "2048" },
    ]
    executionRoleArn             = aws_iam_role.batch_execution[0].arn
    jobRoleArn                   = aws_iam_role.batch_job[0].arn
    networkConfiguration         = { assignPublicIp = "ENABLED" }
    fargatePlatformConfiguration = { platformVersion = "LATEST" }
    runtimePlatform              = { operatingSystemFamily = "LINUX", cpuArchitecture = "X86_64" }
    volumes                      = local.batch_volumes
    mountPoints                  = local.batch_mount_points
    logConfiguration = {
      logDriver = "awslogs"
      options   = { "awslogs-group" = aws_cloudwatch_log_group.batch[0].name }
    }
  })
}
