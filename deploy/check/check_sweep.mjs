// deploy/ checks for the sweep templates (issue #19, docs/scale.md), called by check.mjs:
//  1. deploy/terraform/sweep: every var./local./resource/data reference is declared; the Lambda
//     is provided.al2023/bootstrap; the state machine is a Distributed Map over the function
//     with MaxConcurrency from a variable, an S3 ItemReader and an S3 ResultWriter;
//  2. deploy/sam/sweep.yaml: CloudFormation YAML whose refs resolve, and whose DefinitionString
//     is, once !Sub has filled it, ASL JSON with the same Distributed Map shape;
//  3. deploy/batch/Dockerfile: two stages on debian:12-slim, every COPY source exists in the
//     checkout, the runtime stage copies the binary from where the build stage's cmake puts it
//     and installs a Debian package for every shared library the built binary links (ldd);
//  4. deploy/batch/*job-definition.json = the Terraform job definitions' commands, and those
//     commands are valid `tradelet sweep` / `tradelet sweep merge` invocations: the real binary
//     ($TRADELET_BIN or build/release/tradelet) parses them (a usage error exits 2; they must
//     get past argument parsing to the missing files, exit 3).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";

const one = (x) => (Array.isArray(x) ? x[0] : x);

// The sweep event's fields (src/lambda/sweep_handler.h) and the Distributed Map around them.
function checkAsl(check, asl, where) {
  const map = asl?.States?.[asl?.StartAt];
  check(map?.Type === "Map", `${where}: the start state is a Map`);
  check(map?.ItemProcessor?.ProcessorConfig?.Mode === "DISTRIBUTED", `${where}: Distributed Map`);
  check(Number.isInteger(map?.MaxConcurrency) && map.MaxConcurrency >= 1, `${where}: MaxConcurrency is a number`);
  check(map?.ItemReader?.Resource === "arn:aws:states:::s3:getObject" &&
    map?.ItemReader?.ReaderConfig?.InputType === "JSON", `${where}: ItemReader reads the S3 JSON shard list`);
  check(map?.ResultWriter?.Resource === "arn:aws:states:::s3:putObject" &&
    typeof map?.ResultWriter?.Parameters?.Bucket === "string", `${where}: ResultWriter writes to S3`);
  const sel = map?.ItemSelector ?? {};
  check(sel.mode === "sweep" && sel["shard.$"] === "$$.Map.Item.Value.shard" &&
    ["config.$", "grid.$", "data.$"].every((k) => typeof sel[k] === "string"),
    `${where}: ItemSelector builds the sweep event (mode, config, grid, data, shard)`);
  const proc = map?.ItemProcessor ?? {};
  const task = proc.States?.[proc.StartAt];
  check(task?.Type === "Task" && task?.Resource === "arn:aws:states:::lambda:invoke" &&
    task?.Parameters?.["Payload.$"] === "$" && task?.OutputPath === "$.Payload" && task?.End === true,
    `${where}: each item invokes the function once and returns its payload (the shard.json)`);
  check((task?.Retry ?? []).some((r) => r.ErrorEquals?.includes("Lambda.TooManyRequestsException")),
    `${where}: throttled invocations are retried`);
}

// "$NAME" expansion and double quotes, as /bin/sh does for these commands (no globbing here).
function shellWords(script, env) {
  const words = [];
  let cur = "", inWord = false, quoted = false;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '"') { quoted = !quoted; inWord = true; continue; }
    if (c === "$") {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(script.slice(i + 1));
      if (m) { cur += env[m[0]] ?? ""; i += m[0].length; inWord = true; continue; }
    }
    if (!quoted && /\s/.test(c)) { if (inWord) words.push(cur); cur = ""; inWord = false; continue; }
    cur += c; inWord = true;
  }
  if (inWord) words.push(cur);
  return words;
}

function tradeletBinary(deployDir) {
  const candidates = [process.env.TRADELET_BIN, path.join(deployDir, "..", "build", "release", "tradelet")];
  return candidates.find((p) => p && fs.existsSync(p));
}

export async function checkSweep({ check, deployDir, parse, tags }) {
  const repo = path.resolve(deployDir, "..");
  // --- Terraform ---
  const tfDir = path.join(deployDir, "terraform", "sweep");
  const sources = {};
  const tf = {};
  for (const f of fs.readdirSync(tfDir).filter((f) => f.endsWith(".tf")).sort()) {
    sources[f] = fs.readFileSync(path.join(tfDir, f), "utf8");
    const json = await parse(f, sources[f]);
    for (const [k, v] of Object.entries(json)) {
      if (k === "locals") tf.locals = [...(tf.locals ?? []), ...[].concat(v)];
      else if (k === "resource" || k === "data") {
        tf[k] = tf[k] ?? {};
        for (const [type, byName] of Object.entries(v)) tf[k][type] = { ...(tf[k][type] ?? {}), ...byName };
      } else tf[k] = { ...(tf[k] ?? {}), ...v };
    }
  }
  const all = Object.values(sources).join("\n").replace(/#[^\n]*/g, "");
  const declared = {
    var: new Set(Object.keys(tf.variable ?? {})),
    local: new Set((tf.locals ?? []).flatMap((l) => Object.keys(l))),
    resource: new Set(Object.entries(tf.resource ?? {}).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`))),
    data: new Set(Object.entries(tf.data ?? {}).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`))),
  };
  for (const m of all.matchAll(/\bvar\.([A-Za-z0-9_]+)/g)) check(declared.var.has(m[1]), `terraform/sweep: var.${m[1]} is declared`);
  for (const m of all.matchAll(/\blocal\.([A-Za-z0-9_]+)/g)) check(declared.local.has(m[1]), `terraform/sweep: local.${m[1]} is declared`);
  for (const m of all.matchAll(/\bdata\.([a-z0-9_]+)\.([A-Za-z0-9_]+)/g)) check(declared.data.has(`${m[1]}.${m[2]}`), `terraform/sweep: data.${m[1]}.${m[2]} is declared`);
  for (const m of all.matchAll(/(?<![.\w"])(aws_[a-z0-9_]+)\.([A-Za-z0-9_]+)(?=[.\[])/g)) {
    check(declared.resource.has(`${m[1]}.${m[2]}`), `terraform/sweep: ${m[1]}.${m[2]} is declared`);
  }
  const res = (type, name) => one(tf.resource?.[type]?.[name]);
  const fn = res("aws_lambda_function", "sweep");
  check(fn?.runtime === "provided.al2023" && fn?.handler === "bootstrap", "terraform/sweep: provided.al2023 + bootstrap");
  check(fn?.timeout === "${var.timeout}", "terraform/sweep: function timeout from var.timeout");
  check(one(tf.variable?.max_concurrency)?.default >= 1, "terraform/sweep: max_concurrency variable with a default");
  const def = String(res("aws_sfn_state_machine", "sweep")?.definition ?? "");
  check(/Mode\s*=\s*"DISTRIBUTED"/.test(def), "terraform/sweep: Distributed Map");
  check(/MaxConcurrency\s*=\s*var\.max_concurrency/.test(def), "terraform/sweep: MaxConcurrency = var.max_concurrency");
  check(/arn:aws:states:::s3:getObject/.test(def) && /arn:aws:states:::s3:putObject/.test(def),
    "terraform/sweep: S3 ItemReader and ResultWriter");
  check(/FunctionName\s*=\s*aws_lambda_function\.sweep\[0\]\.arn/.test(def), "terraform/sweep: the map invokes the sweep function");
  check(/"shard\.\$"\s*=\s*"\$\$\.Map\.Item\.Value\.shard"/.test(def) && /mode\s*=\s*"sweep"/.test(def),
    "terraform/sweep: ItemSelector builds the sweep event");
  const locals = Object.assign({}, ...(tf.locals ?? []));

  // --- SAM ---
  const doc = YAML.parseDocument(fs.readFileSync(path.join(deployDir, "sam", "sweep.yaml"), "utf8"),
    { version: "1.1", customTags: tags, uniqueKeys: true });
  check(doc.errors.length === 0, `sam/sweep: YAML errors: ${doc.errors.map(String).join("; ")}`);
  check(doc.warnings.length === 0, `sam/sweep: YAML warnings: ${doc.warnings.map(String).join("; ")}`);
  const sam = doc.toJS();
  const params = new Set(Object.keys(sam.Parameters ?? {}));
  const resources = new Set(Object.keys(sam.Resources ?? {}));
  const pseudo = new Set(["AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::StackName", "AWS::NoValue", "AWS::URLSuffix"]);
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      if (k === "Ref" && typeof v === "string") check(params.has(v) || resources.has(v) || pseudo.has(v), `sam/sweep: !Ref ${v} resolves`);
      if (k === "Fn::GetAtt") check(resources.has(v[0]), `sam/sweep: !GetAtt ${v[0]} resolves`);
      if (k === "Fn::Sub" && typeof v === "string") {
        for (const m of v.matchAll(/\$\{([A-Za-z0-9:]+)(\.[A-Za-z]+)?\}/g)) {
          check(params.has(m[1]) || resources.has(m[1]) || pseudo.has(m[1]), `sam/sweep: \${${m[1]}${m[2] ?? ""}} resolves`);
        }
      }
      walk(v);
    }
  };
  walk(sam.Resources);
  walk(sam.Outputs);
  const f = sam.Resources?.SweepFunction?.Properties ?? {};
  check(f.Runtime === "provided.al2023" && f.Handler === "bootstrap", "sam/sweep: provided.al2023 + bootstrap");
  check(f.Environment?.Variables?.TRADELET_LAMBDA_RUNNER === "probe", "sam/sweep: the sweep function never trades");
  const sub = sam.Resources?.SweepStateMachine?.Properties?.DefinitionString?.["Fn::Sub"];
  let asl = null;
  try {
    asl = JSON.parse(String(sub).replace(/\$\{MaxConcurrency\}/g, "100")
      .replace(/\$\{[A-Za-z0-9.:]+\}/g, "x"));
  } catch (e) { check(false, `sam/sweep: DefinitionString is not JSON after !Sub: ${e.message}`); }
  if (asl) checkAsl(check, asl, "sam/sweep");
  check(/"MaxConcurrency": \$\{MaxConcurrency\}/.test(String(sub)), "sam/sweep: MaxConcurrency from the parameter");

  // --- Dockerfile ---
  const dockerfile = fs.readFileSync(path.join(deployDir, "batch", "Dockerfile"), "utf8")
    .replace(/\\\n/g, " ").split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
  const stages = [];
  for (const line of dockerfile) {
    const [ins, ...rest] = line.trim().split(/\s+/);
    if (ins.toUpperCase() === "FROM") stages.push({ from: rest[0], name: rest[2], lines: [] });
    else stages.at(-1)?.lines.push({ ins: ins.toUpperCase(), args: rest, text: line });
  }
  check(stages.length === 2 && stages.every((s) => s.from === "debian:12-slim") && stages[0].name === "build",
    "batch/Dockerfile: a build stage and a runtime stage, both debian:12-slim");
  let workdir = "/";
  for (const l of stages[0]?.lines ?? []) {
    if (l.ins === "WORKDIR") workdir = l.args[0];
    if (l.ins !== "COPY") continue;
    const srcs = l.args.filter((a) => !a.startsWith("--")).slice(0, -1);
    for (const s of srcs) check(fs.existsSync(path.join(repo, s)), `batch/Dockerfile: COPY ${s} exists in the checkout`);
  }
  const build = (stages[0]?.lines ?? []).filter((l) => l.ins === "RUN").map((l) => l.text).join(" ");
  const bdir = /-B\s+(\S+)/.exec(build)?.[1];
  check(bdir && /--target tradelet\b/.test(build), "batch/Dockerfile: the build stage builds the tradelet target");
  // apps/tradelet/CMakeLists.txt puts the binary at the top of the build tree.
  check(/RUNTIME_OUTPUT_DIRECTORY \$\{CMAKE_BINARY_DIR\}\)/.test(fs.readFileSync(path.join(repo, "apps", "tradelet", "CMakeLists.txt"), "utf8")),
    "batch/Dockerfile: cmake writes the binary to <build>/tradelet");
  const copies = (stages[1]?.lines ?? []).filter((l) => l.ins === "COPY");
  check(copies.length === 1 && copies[0].args[0] === "--from=build" &&
    copies[0].args[1] === path.posix.join(workdir, bdir ?? "?", "tradelet"),
    "batch/Dockerfile: the runtime stage copies only the built binary, from where cmake wrote it");
  const runtimeApt = (stages[1]?.lines ?? []).filter((l) => l.ins === "RUN").map((l) => l.text).join(" ");
  const binary = tradeletBinary(deployDir);
  if (binary) {
    const libPackage = {
      "libsqlite3.so.0": "libsqlite3-0", "libz.so.1": "zlib1g", "libtomlplusplus.so.3": "libtomlplusplus3",
      "libcrypto.so.3": "libssl3", "libssl.so.3": "libssl3", "libcpp-httplib.so.0.11": "libcpp-httplib0.11",
      "libbrotlidec.so.1": "libbrotli1", "libbrotlienc.so.1": "libbrotli1", "libbrotlicommon.so.1": "libbrotli1",
    };
    const inBase = /^(linux-vdso|libc\.so|libm\.so|libstdc\+\+|libgcc_s|ld-linux|libpthread|libdl\.so|librt\.so)/;
    const ldd = execFileSync("ldd", [binary], { encoding: "utf8" });
    for (const lib of ldd.split("\n").map((l) => l.trim().split(/\s+/)[0]).filter(Boolean)) {
      const name = path.basename(lib);
      if (inBase.test(name)) continue;
      // A sanitizer build's runtimes (the ASan CI stage runs this check with its binary): the
      // image builds the release binary, which links none of them.
      if (/^lib(asan|ubsan|lsan|tsan)\.so/.test(name)) continue;
      const pkg = libPackage[name];
      check(pkg && new RegExp(`\\s${pkg.replace(/[.+]/g, "\\$&")}(\\s|$)`).test(runtimeApt),
        `batch/Dockerfile: the runtime stage installs ${pkg ?? "a package"} for ${name}`);
    }
  } else {
    console.log("SKIP batch/Dockerfile runtime libraries and job commands: no tradelet binary (set TRADELET_BIN)");
  }

  // --- Job definitions ---
  const jobs = {};
  for (const [key, file] of [["shard", "job-definition.json"], ["merge", "merge-job-definition.json"]]) {
    try {
      jobs[key] = JSON.parse(fs.readFileSync(path.join(deployDir, "batch", file), "utf8"));
    } catch (e) { check(false, `batch/${file}: ${e.message}`); }
  }
  const shardCmd = jobs.shard?.containerProperties?.command;
  const mergeCmd = jobs.merge?.containerProperties?.command;
  check(JSON.stringify(shardCmd) === JSON.stringify(locals.batch_shard_command),
    "batch: job-definition.json's command = terraform local.batch_shard_command");
  check(JSON.stringify(mergeCmd) === JSON.stringify(locals.batch_merge_command),
    "batch: merge-job-definition.json's command = terraform local.batch_merge_command");
  const env = Object.fromEntries((jobs.shard?.containerProperties?.environment ?? []).map((e) => [e.name, e.value]));
  check(env.TRADELET_SHARDS === String(one(tf.variable?.batch_shards)?.default),
    "batch: TRADELET_SHARDS = terraform batch_shards default");
  if (!binary || !Array.isArray(shardCmd) || !Array.isArray(mergeCmd)) return;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tradelet-deploy-check-"));
  const run = (cmd, extra = []) => {
    check(cmd[0] === "/bin/sh" && cmd[1] === "-c" && cmd[2].startsWith("exec tradelet "), `batch: ${cmd[2]}: sh -c "exec tradelet ..."`);
    const words = shellWords(cmd[2].slice("exec ".length), { ...env, AWS_BATCH_JOB_ARRAY_INDEX: "7" });
    return spawnSync(binary, [...words.slice(1), ...extra], {
      cwd: scratch, encoding: "utf8", env: { ...process.env, AWS_BATCH_JOB_ARRAY_INDEX: "7" },
    });
  };
  const shard = run(shardCmd);
  check(shard.status === 3 && shard.stderr.includes(`${env.TRADELET_CONFIG}: cannot open`),
    `batch: the shard command parses as tradelet sweep --shard auto/N (exit ${shard.status}: ${shard.stderr.trim()})`);
  const broken = run(shardCmd, ["--no-such-flag"]);
  check(broken.status === 2, "batch: the command check does catch a bad argument (exit 2)");
  const merge = run(mergeCmd);
  check(merge.status === 3 && /shard\.json: cannot read/.test(merge.stderr),
    `batch: the merge command parses as tradelet sweep merge (exit ${merge.status}: ${merge.stderr.trim()})`);
  fs.rmSync(scratch, { recursive: true, force: true });
}
