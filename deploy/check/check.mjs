// Checks deploy/ without AWS or the terraform binary (neither can be installed here):
//  1. every *.tf is in `terraform fmt` canonical form: HashiCorp's hclwrite.Format (the
//     formatter `terraform fmt` is built on), compiled to wasm in @cdktf/hcl-tools;
//  2. every *.tf parses with HashiCorp's HCL parser (@cdktf/hcl2json, also wasm);
//  3. the Terraform module and the SAM template carry the settings tradelet relies on
//     (no retries, short event ages, reserved concurrency 1, DLQ, New York schedules with the
//     scheduled time templated into the input, log retention, provided.al2023/bootstrap, the
//     dead-letter alarm to an SNS topic with an e-mail subscription, aws:SourceAccount on the
//     Scheduler role's trust policy);
//  4. the SAM template is YAML with CloudFormation's short-form intrinsic tags, every !Ref and
//     !GetAtt names a parameter, pseudo parameter, loop identifier or resource, and the
//     schedule inputs are JSON once Scheduler fills in its context attributes.
//  5. the sweep templates (Step Functions Distributed Map, AWS Batch): check_sweep.mjs.
// Usage: node deploy/check/check.mjs   (exit 0 = all checks passed)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "@cdktf/hcl-tools";
import { parse } from "@cdktf/hcl2json";
import YAML from "yaml";
import { checkSweep } from "./check_sweep.mjs";

const deployDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let failures = 0;
let passes = 0;
function check(ok, what) {
  if (ok) {
    passes++;
  } else {
    failures++;
    console.log(`FAIL ${what}`);
  }
}

function tfFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith(".")) out.push(...tfFiles(p));
    else if (e.isFile() && e.name.endsWith(".tf")) out.push(p);
  }
  return out.sort();
}

// --- Terraform -------------------------------------------------------------------------
const tfDir = path.join(deployDir, "terraform");
const tf = {};
for (const file of tfFiles(tfDir)) {
  const rel = path.relative(deployDir, file);
  const src = fs.readFileSync(file, "utf8");
  const formatted = await format(src);
  if (formatted !== src) {
    const a = src.split("\n"), b = formatted.split("\n");
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] !== b[i]) { console.log(`  ${rel}:${i + 1}: ${JSON.stringify(a[i])} -> ${JSON.stringify(b[i])}`); break; }
    }
  }
  check(formatted === src, `${rel}: not in terraform fmt form`);
  try {
    const json = await parse(rel, src);
    if (path.dirname(file) === tfDir) {
      for (const [k, v] of Object.entries(json)) tf[k] = { ...(tf[k] || {}), ...v };
    }
    check(true, "");
  } catch (e) {
    check(false, `${rel}: HCL parse error: ${e}`);
  }
}
const one = (x) => (Array.isArray(x) ? x[0] : x);
const res = (type, name) => one(tf.resource?.[type]?.[name]);
const fn = res("aws_lambda_function", "strategy");
check(fn?.runtime === "provided.al2023", "terraform: runtime provided.al2023");
check(fn?.handler === "bootstrap", "terraform: handler bootstrap");
check(fn?.reserved_concurrent_executions === 1, "terraform: reserved concurrency 1");
check(one(fn?.logging_config)?.log_format === "JSON", "terraform: JSON logs");
const eic = res("aws_lambda_function_event_invoke_config", "strategy");
check(eic?.maximum_retry_attempts === 0, "terraform: Lambda retries 0");
check(one(one(eic?.destination_config)?.on_failure)?.destination?.includes("aws_sqs_queue.dead_letter"),
  "terraform: on-failure destination is the dead-letter queue");
const lg = res("aws_cloudwatch_log_group", "function");
check(lg?.retention_in_days === "${var.log_retention_in_days}", "terraform: log retention set");
const sched = res("aws_scheduler_schedule", "strategy");
check(sched?.schedule_expression_timezone === "${var.schedule_timezone}", "terraform: schedule time zone");
check(one(sched?.flexible_time_window)?.mode === "OFF", "terraform: flexible time window OFF");
const target = one(sched?.target);
check(one(target?.retry_policy)?.maximum_retry_attempts === 0, "terraform: Scheduler retries 0");
check(one(target?.dead_letter_config)?.arn?.includes("aws_sqs_queue.dead_letter"), "terraform: Scheduler DLQ");
const input = String(target?.input ?? "").replace(/\$\{each\.value\.strategy\}/g, "trend")
  .replace(/<aws\.scheduler\.scheduled-time>/g, "2024-03-11T13:30:00Z");
let parsedInput = null;
try { parsedInput = JSON.parse(input); } catch { /* reported below */ }
check(parsedInput?.scheduled_time === "2024-03-11T13:30:00Z", "terraform: Scheduler input templates scheduled_time and is JSON");
// A "strategy" field must equal the config's [strategy] name (prophet_trend), which is not the
// deployment's key: with it every scheduled run of a renamed deployment would fail.
check(parsedInput !== null && !("strategy" in parsedInput), "terraform: Scheduler input names no strategy");
const alarm = res("aws_cloudwatch_metric_alarm", "dead_letter");
check(JSON.stringify(alarm?.alarm_actions ?? []).includes("aws_sns_topic.alarm.arn"),
  "terraform: the dead-letter alarm notifies the SNS topic");
check(res("aws_sns_topic", "alarm") !== undefined, "terraform: SNS topic for the alarm");
const sub = res("aws_sns_topic_subscription", "alarm_email");
check(sub?.protocol === "email" && sub?.endpoint === "${var.alarm_email}",
  "terraform: e-mail subscription to the alarm topic from var.alarm_email");
const assume = one(tf.data?.aws_iam_policy_document?.scheduler_assume);
const cond = one(one(assume?.statement)?.condition);
check(cond?.test === "StringEquals" && cond?.variable === "aws:SourceAccount" &&
  JSON.stringify(cond?.values ?? "").includes("data.aws_caller_identity.current.account_id"),
  "terraform: Scheduler role trust policy has an aws:SourceAccount condition");
const vars = tf.variable || {};
check(one(vars.alarm_email)?.default === "", "terraform: alarm_email variable, empty by default");
check(one(vars.schedule_timezone)?.default === "America/New_York", "terraform: default zone America/New_York");
check(one(vars.scheduler_maximum_event_age_in_seconds)?.default === 60, "terraform: Scheduler max event age 60 s");
check(one(vars.lambda_maximum_event_age_in_seconds)?.default <= 300, "terraform: Lambda max event age <= 300 s");

// --- SAM --------------------------------------------------------------------------------
const samFile = path.join(deployDir, "sam", "template.yaml");
const tags = [];
for (const name of ["Ref", "Sub", "GetAtt", "If", "Equals", "Join", "Select", "Split", "FindInMap",
                    "Base64", "Cidr", "GetAZs", "ImportValue", "Not", "And", "Or", "Condition",
                    "ToJsonString", "Length"]) {
  const key = name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
  for (const collection of [undefined, "seq", "map"]) {
    tags.push({
      tag: `!${name}`, collection,
      resolve: (v) => ({ [key]: name === "GetAtt" && typeof v === "string" ? v.split(".") : (v?.toJSON ? v.toJSON() : v) }),
    });
  }
}
// YAML 1.1 as CloudFormation reads it: there OFF/ON/yes/no are booleans.
const doc = YAML.parseDocument(fs.readFileSync(samFile, "utf8"), { version: "1.1", customTags: tags, uniqueKeys: true });
check(doc.errors.length === 0, `sam: YAML errors: ${doc.errors.map(String).join("; ")}`);
check(doc.warnings.length === 0, `sam: YAML warnings: ${doc.warnings.map(String).join("; ")}`);
const sam = doc.toJS();
check(JSON.stringify(sam.Transform) === JSON.stringify(["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"]),
  "sam: transforms LanguageExtensions then Serverless");
const loop = sam.Resources["Fn::ForEach::Strategy"];
check(Array.isArray(loop) && loop.length === 3 && loop[0] === "Name", "sam: one function per strategy via Fn::ForEach");
const frag = loop[2];
const f = frag["Function${Name}"]?.Properties ?? {};
check(frag["Function${Name}"]?.Type === "AWS::Serverless::Function", "sam: function type");
check(f.Runtime === "provided.al2023" && f.Handler === "bootstrap", "sam: provided.al2023 + bootstrap");
check(f.CodeUri === "build/${Name}.zip", "sam: CodeUri per strategy");
check(f.ReservedConcurrentExecutions === 1, "sam: reserved concurrency 1");
check(f.EventInvokeConfig?.MaximumRetryAttempts === 0, "sam: Lambda retries 0");
check(f.EventInvokeConfig?.MaximumEventAgeInSeconds <= 300, "sam: Lambda max event age <= 300 s");
check(f.EventInvokeConfig?.DestinationConfig?.OnFailure?.Type === "SQS", "sam: on-failure to SQS");
check(frag["LogGroup${Name}"]?.Properties?.RetentionInDays?.Ref === "LogRetentionInDays", "sam: log retention");
check(f.LoggingConfig?.LogFormat === "JSON", "sam: JSON logs");
check(JSON.stringify(f.Policies ?? []).includes("AWSSecretsManagerGetSecretValuePolicy"), "sam: secret read policy");
const samAlarm = sam.Resources.DeadLetterAlarm?.Properties ?? {};
check(JSON.stringify(samAlarm.AlarmActions ?? []) === JSON.stringify([{ Ref: "AlarmTopic" }]),
  "sam: the dead-letter alarm notifies the SNS topic");
check(sam.Resources.AlarmTopic?.Type === "AWS::SNS::Topic", "sam: SNS topic for the alarm");
const samSub = sam.Resources.AlarmEmailSubscription;
check(samSub?.Type === "AWS::SNS::Subscription" && samSub?.Properties?.Protocol === "email" &&
  samSub?.Properties?.Endpoint?.Ref === "AlarmEmail" && samSub?.Condition === "HasAlarmEmail",
  "sam: e-mail subscription from the AlarmEmail parameter, when given");
check(sam.Parameters?.AlarmEmail?.Default === "", "sam: AlarmEmail parameter, empty by default");
const schedRole = frag["SchedulerRole${Name}"]?.Properties ?? {};
const trust = schedRole.AssumeRolePolicyDocument?.Statement ?? [];
check(trust.length === 1 && trust[0].Principal?.Service === "scheduler.amazonaws.com" &&
  trust[0].Condition?.StringEquals?.["aws:SourceAccount"]?.Ref === "AWS::AccountId",
  "sam: Scheduler role trust policy has an aws:SourceAccount condition");
const events = Object.entries(f.Events ?? {});
check(events.length >= 1, "sam: schedules present");
for (const [name, ev] of events) {
  const p = ev.Properties;
  check(ev.Type === "ScheduleV2", `sam: ${name} is an EventBridge Scheduler schedule`);
  check(p.ScheduleExpressionTimezone === "America/New_York", `sam: ${name} in America/New_York`);
  check(p.FlexibleTimeWindow?.Mode === "OFF", `sam: ${name} FlexibleTimeWindow "OFF" (a string, not YAML false)`);
  check(p.RetryPolicy?.MaximumRetryAttempts === 0, `sam: ${name} Scheduler retries 0`);
  check(p.RetryPolicy?.MaximumEventAgeInSeconds === 60, `sam: ${name} Scheduler max event age 60 s`);
  check(p.DeadLetterConfig?.Arn?.["Fn::GetAtt"]?.[0] === "DeadLetterQueue", `sam: ${name} DLQ`);
  check(p.RoleArn?.["Fn::GetAtt"]?.[0] === "SchedulerRole${Name}",
    `sam: ${name} runs as the strategy's Scheduler role (the one with aws:SourceAccount)`);
  const sub = String(p.Input?.["Fn::Sub"] ?? p.Input ?? "");
  let j = null;
  try {
    j = JSON.parse(sub.replace(/\$\{Name\}/g, "trend").replace(/<aws\.scheduler\.[a-z-]+>/g, "2024-03-11T13:30:00Z"));
  } catch { /* reported below */ }
  check(j?.scheduled_time === "2024-03-11T13:30:00Z" && sub.includes("<aws.scheduler.scheduled-time>"),
    `sam: ${name} input templates scheduled_time and is JSON`);
  check(j !== null && !("strategy" in j), `sam: ${name} input names no strategy`);
}
// Every Ref / GetAtt resolves.
const known = new Set([...Object.keys(sam.Parameters ?? {}), "AWS::Region", "AWS::AccountId",
  "AWS::Partition", "AWS::StackName", "AWS::StackId", "AWS::URLSuffix", "AWS::NoValue", "Name"]);
const logical = new Set();
for (const [k, v] of Object.entries(sam.Resources)) {
  if (k.startsWith("Fn::ForEach::")) for (const kk of Object.keys(v[2])) logical.add(kk);
  else logical.add(k);
}
function walk(node, where) {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, where));
  if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "Ref" && typeof v === "string") check(known.has(v) || logical.has(v), `sam: ${where}: !Ref ${v} resolves`);
      if (k === "Fn::GetAtt") check(logical.has(v[0]), `sam: ${where}: !GetAtt ${v[0]} resolves`);
      walk(v, where);
    }
  }
}
walk(sam.Resources, "Resources");
walk(sam.Outputs, "Outputs");

await checkSweep({ check, deployDir, parse, tags });

// --- docs/deploy.md against the templates ------------------------------------------------
// What the walkthrough tells a user to pass must be declared: each `-var NAME=` of a terraform
// command is a variable of deploy/terraform/examples/basic (where the steps run terraform; an
// undeclared -var is an error there), each `Name=value` in inline code (`Runner=live`,
// `ScheduleState=DISABLED`, `Strategies=trend`) a parameter of the SAM template.
const deployDoc = fs.readFileSync(path.join(deployDir, "..", "docs", "deploy.md"), "utf8");
const basicRel = "terraform/examples/basic/main.tf";
const basic = await parse(basicRel, fs.readFileSync(path.join(deployDir, basicRel), "utf8"));
const basicVars = new Set(Object.keys(basic.variable ?? {}));
const tfVars = [...deployDoc.matchAll(/-var\s+([a-z_][a-z0-9_]*)=/g)].map((m) => m[1]);
check(tfVars.length > 0, "docs/deploy.md: terraform -var flags found");
for (const v of new Set(tfVars)) check(basicVars.has(v), `docs/deploy.md: -var ${v}= is a variable of ${basicRel}`);
const samParams = [...deployDoc.matchAll(/(?:`|--parameter-overrides\s+)((?:[A-Z][a-z]+)+)=/g)].map((m) => m[1]);
check(samParams.length > 0, "docs/deploy.md: SAM parameter overrides found");
for (const p of new Set(samParams)) check(p in (sam.Parameters ?? {}), `docs/deploy.md: ${p}= is a parameter of sam/template.yaml`);

console.log(`deploy check: ${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
