// The docs smoke test: every `tradelet ...` command shown in README.md and docs/*.md (fenced
// code blocks and inline code) and in the comments of every examples/* file is exercised the way
// a user runs it, offline, so a renamed file, flag or command fails here instead of rotting the
// docs.
//   node tests/docs/docs_smoke.mjs <tradelet binary> <source dir>      (ctest: docs_smoke)
//
// How a command is exercised:
//  * always: its subcommand exists (`tradelet <cmd> [<sub>] --help` exits 0), every --flag it
//    shows is in that help text, and every input it names (--config, --grid, --fleet, --input,
//    --data, --binary) exists, relative to the repository root as in the docs;
//  * a synopsis (it holds placeholders: S.toml, F.csv, DIR, [..], a|b, <x>, ...) stops there;
//  * a command that needs what a test cannot have is recognised by MARKERS below and stops
//    there too, as do the SLOW ones unless TRADELET_DOCS_SMOKE_SLOW=1;
//  * every other command runs with bash in a sandbox: a temporary copy of examples/ and
//    deploy/ next to ../shared (a symlink, as the configs' relative paths expect), `tradelet`
//    first on PATH and build/release/tradelet pointing at the binary under test. It must exit
//    0 (or N when its line ends in `# exit N`); a block line `$ tradelet ...` followed by
//    output lines must print exactly that output (a line `...` stands for any lines).
//    A `tradelet run` must print a JSON report whose outcome is ok, or what its line says
//    (`# outcome market_closed`, `# outcome ok, 1 order`: also the number of orders listed).
//    A `tradelet backtest --config examples/X.toml` runs a second time from examples/
//    (`--config X.toml`) and must print the same summary.
//    A command ending in `&` (or a server: paper-exchange, serve without --until) is started in
//    the background and must still be running when the rest of its block or example file has
//    run; it then gets SIGTERM. The commands of one block or one example file run in order.
//  * rewrites, so that parallel runs and repeated runs cannot collide: a documented port
//    (`--port N`, `127.0.0.1:N`) becomes a free one; `/tmp/...` arguments go to the sandbox.
//  * commands on ../shared data are skipped (and listed) when the shared folder is absent.
// A fleet file given to serve must name configs that exist (serve itself reads them only when a
// slot fires). Finally every file in examples/ must have been used by at least one command that
// ran (or, for the SLOW ones, would run), and every file the commands wrote inside the sandbox's
// checkout must be ignored by the repository's .gitignore (`git check-ignore`).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// Commands that are checked for --help and arguments only, and why.
export const MARKERS = [
  { re: /^tradelet data fetch\b/, why: "network: Yahoo Finance / Alpaca Market Data" },
  { re: /^tradelet lambda-runtime\b/, why: "needs a Lambda Runtime API (AWS_LAMBDA_RUNTIME_API)" },
  { re: /--binary build\/arm64\//, why: "needs the arm64 cross build (scripts/build arm64)" },
  { re: /^tradelet sweep merge --out out\/aws\//, why: "AWS only: merges the shard results of a Step Functions run downloaded from S3 (docs/scale.md)" },
  { re: /^tradelet run\b/, unless: /APCA_API_BASE_URL=http:\/\/127\.0\.0\.1:/,
    why: "broker: Alpaca over the network unless APCA_API_BASE_URL names the local paper exchange" },
];
// Commands that take tens of seconds: checked for --help and arguments only, unless
// TRADELET_DOCS_SMOKE_SLOW=1 (ctest docs_smoke_all, label soak), which runs them too.
export const SLOW = [
  { re: /^tradelet backtest --config examples\/prophet_trend_daily\.toml/, why: "20 stocks x 8 years of daily Prophet refits (~20 s CPU)" },
  { re: /^tradelet data validate --data \.\.\/shared\/data\/daily\/sp500_alphavantage_1999-2021\/per_ticker_gz/, why: "504 files, 2.4 M rows" },
  { re: /^tradelet demo\b/, why: "everything end to end (~13 s); ctest prophet_trend_demo_test covers it" },
];
const runSlow = !!process.env.TRADELET_DOCS_SMOKE_SLOW;

// Known failures of other work in progress: a command matching `re` may exit non-zero when its
// output matches `output`; it is reported, not failed. Remove an entry when its cause is fixed
// (the run then passes and the log says so).
export const KNOWN = [];
const INPUT_FLAGS = new Set(["--config", "--grid", "--fleet", "--input", "--data", "--binary"]);
const PLACEHOLDER = /^(?:[A-Z]|[A-Z]+|[A-Z]\.[a-z]+|NAME\.[a-z]+)$|[[\]|<>…]|\.\.\.|^\{/;

const [binArg, srcArg] = process.argv.slice(2);
if (!binArg || !srcArg) {
  console.error("usage: docs_smoke.mjs <tradelet binary> <source dir>");
  process.exit(2);
}
const bin = path.resolve(binArg);
const src = path.resolve(srcArg);
const shared = process.env.TRADELET_SHARED || path.resolve(src, "..", "shared");
const haveShared = fs.existsSync(path.join(shared, "data"));
const started = Date.now();

// ---- extraction -------------------------------------------------------------------------
// Splits a shell line into words (quotes kept out of the words), enough for the docs' commands.
function words(line) {
  const out = [];
  let cur = "", q = null, any = false;
  for (const ch of line) {
    if (q) {
      if (ch === q) q = null; else cur += ch;
    } else if (ch === "'" || ch === '"') {
      q = ch; any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = ""; any = false;
    } else {
      cur += ch;
    }
  }
  if (cur || any) out.push(cur);
  return out;
}

function stripComment(line) {
  let q = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) { if (ch === q) q = null; continue; }
    if (ch === "'" || ch === '"') q = ch;
    else if (ch === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trimEnd();
  }
  return line;
}

// A command line -> the tradelet commands in it ("a && b; c &").
function commandsOf(line) {
  const out = [];
  // `cmd   # exit 3: why` documents a non-zero exit status.
  const exitMatch = /#\s*exits?\s+(\d+)\b/.exec(line.slice(stripComment(line).length));
  // `tradelet run ...   # outcome ok, 1 order`: what its JSON report must say (default: ok).
  const outcomeMatch = /#\s*outcome\s+(\w+)(?:,\s*(\d+)\s+orders?)?/.exec(line.slice(stripComment(line).length));
  let text = stripComment(line).trim();
  if (text.startsWith("$ ")) text = text.slice(2);
  let background = false;
  if (/\s&$/.test(text)) { background = true; text = text.replace(/\s*&$/, ""); }
  const parts = text.split(/\s*(?:&&|;)\s*/);
  parts.forEach((part, i) => {
    const w = words(part);
    let k = 0;
    while (k < w.length && /^[A-Z_][A-Z0-9_]*=/.test(w[k])) k++;
    // `python3 -m tradelet ...` / `-m tradelet.dask ...`: the Python package's commands.
    const python = /(?:^|\/)python3$/.test(w[k] ?? "") && w[k + 1] === "-m" && /^tradelet(?:\.|$)/.test(w[k + 2] ?? "");
    if (k >= w.length || (!python && !/^(?:tradelet|(?:\.?\/?[\w.-]+\/)*tradelet)$/.test(w[k]))) return;
    // The command as it is run: its own text, the binary spelled as the docs spell it.
    out.push({ text: part, env: w.slice(0, k), argv: w.slice(k + (python ? 3 : 1)), spelled: w[k],
               python: python ? w[k + 2] : null,
               background: background && i === parts.length - 1,
               exit: exitMatch && i === parts.length - 1 ? Number(exitMatch[1]) : 0,
               outcome: outcomeMatch && i === parts.length - 1 ? outcomeMatch[1] : "ok",
               orders: outcomeMatch?.[2] !== undefined && i === parts.length - 1 ? Number(outcomeMatch[2]) : null });
  });
  return out;
}

const groups = [];  // { where, commands: [{..., where, expect}] }
function addGroup(where, lines) {
  // Joins continuation lines; `$ cmd` lines collect the output lines after them.
  const cmds = [];
  let acc = null, last = null;
  for (const [n, raw] of lines) {
    const line = acc === null ? raw : acc + " " + raw.trim();
    if (/\\\s*$/.test(line)) { acc = line.replace(/\\\s*$/, ""); continue; }
    acc = null;
    const found = commandsOf(line);
    if (found.length) {
      for (const c of found) cmds.push({ ...c, where: `${where}:${n}`, prompt: line.trim().startsWith("$ ") });
      last = cmds[cmds.length - 1];
      if (last.prompt) last.expect = [];
    } else if (last?.prompt && !line.trim().startsWith("$ ")) {
      last.expect.push(raw.replace(/\s+$/, ""));
    } else {
      last = null;
    }
  }
  if (cmds.length) groups.push({ where, commands: cmds });
}

const docs = ["README.md", ...fs.readdirSync(path.join(src, "docs")).filter((f) => f.endsWith(".md"))
  .sort().map((f) => `docs/${f}`)];
for (const doc of docs) {
  const lines = fs.readFileSync(path.join(src, doc), "utf8").split("\n");
  let block = null;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) {
      if (block) { addGroup(`${doc}:${block.start}`, block.lines); block = null; }
      else block = { start: i + 1, lines: [] };
      return;
    }
    if (block) { block.lines.push([i + 1, line]); return; }
    for (const m of line.matchAll(/`([^`]+)`/g)) {
      if (/^(?:[A-Z_]+=\S+\s+)*(?:build\/release\/)?tradelet\s/.test(m[1])) addGroup(`${doc}:${i + 1}`, [[i + 1, m[1]]]);
    }
  });
}
// Files only, and the configs in examples/python/ (Python strategies run with
// `python3 -m tradelet`; python/tests runs them through the API).
const exampleFiles = fs.readdirSync(path.join(src, "examples"), { withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => e.name).sort();
// The Python examples' configs: their header commands (python3 -m tradelet ...) run too.
const pythonExamples = fs.readdirSync(path.join(src, "examples", "python"))
  .filter((f) => f.endsWith(".toml")).sort().map((f) => `python/${f}`);
for (const f of [...exampleFiles, ...pythonExamples]) {
  const lines = fs.readFileSync(path.join(src, "examples", f), "utf8").split("\n");
  const comments = [];
  lines.forEach((line, i) => {
    const m = /^#\s*(.*)$/.exec(line);
    if (!m) return;
    comments.push([i + 1, m[1]]);
    for (const span of m[1].matchAll(/`([^`]+)`/g)) {
      if (/^(?:build\/release\/)?tradelet\s/.test(span[1])) addGroup(`examples/${f}:${i + 1}`, [[i + 1, span[1]]]);
    }
  });
  addGroup(`examples/${f}`, comments);
}

// ---- checks -----------------------------------------------------------------------------
let failures = 0;
const fail = (where, msg) => { failures++; console.log(`FAIL ${where}: ${msg}`); };
const helpCache = new Map();
function help(pathWords) {
  const key = pathWords.join(" ");
  if (!helpCache.has(key)) {
    const r = spawnSync(bin, [...pathWords, "--help"], { encoding: "utf8" });
    helpCache.set(key, { ok: r.status === 0, text: (r.stdout || "") + (r.stderr || "") });
  }
  return helpCache.get(key);
}
// A subcommand answers --help with a text of its own (a positional argument would not).
const isSub = (parent, word) => /^[a-z][a-z0-9-]*$/.test(word) && help([...parent, word]).ok &&
  help([...parent, word]).text !== help(parent).text;

// The subcommand path(s) of a command: `data fetch/import/validate` names three.
function commandPaths(argv) {
  const first = argv[0] ?? "";
  if (!/^[a-z]/.test(first)) return [[]];
  let paths = [[first]];
  const next = argv[1] ?? "";
  if (next.includes("/") && !next.startsWith(".") && /^[a-z/-]+$/.test(next)) {
    paths = next.split("/").map((s) => [first, s]);
  } else if (isSub([first], next)) {
    paths = [[first, next]];
  }
  return paths;
}

const stats = { ran: 0, argsOnly: 0, skippedShared: 0, servers: 0, compared: 0, known: 0, slow: 0,
                reports: 0, fromExamples: 0, ignored: 0, python: 0 };
const used = new Set();  // example files used by a command that ran
const done = new Map();  // normalised command -> result, so a command shown twice runs once

function checkArguments(c) {
  const paths = commandPaths(c.argv);
  for (const p of paths) {
    const h = help(p);
    if (!h.ok) { fail(c.where, `'tradelet ${p.join(" ")}' is not a command (--help fails)`); return false; }
  }
  const h = help(paths[0]);
  const cleaned = c.argv.map((a) => a.replace(/^\[+|\]+$/g, ""));
  for (let i = 0; i < cleaned.length; i++) {
    const a = cleaned[i];
    if (/^--?[a-zA-Z]/.test(a) && !/^-\d/.test(a)) {
      const flag = a.split("=")[0];
      if (!new RegExp(`(^|[\\s,\\[])${flag.replace(/[-]/g, "\\-")}([\\s,=\\]]|$)`, "m").test(h.text)) {
        fail(c.where, `'tradelet ${paths[0].join(" ")}' has no flag ${flag} (see its --help)`);
      }
      if (flag === "--fleet" && i + 1 < cleaned.length && fs.existsSync(path.join(src, cleaned[i + 1]))) {
        // serve starts without reading the strategies' configs: check that they exist.
        const fleet = path.join(src, cleaned[i + 1]);
        for (const m of fs.readFileSync(fleet, "utf8").matchAll(/^\s*config\s*=\s*"([^"]+)"/gm)) {
          if (!fs.existsSync(path.resolve(path.dirname(fleet), m[1]))) {
            fail(c.where, `${cleaned[i + 1]}: config = "${m[1]}": no such file next to the fleet`);
          }
        }
      }
      if (INPUT_FLAGS.has(flag) && i + 1 < cleaned.length) {
        const value = cleaned[i + 1];
        const marked = MARKERS.some((m) => m.re.test(`tradelet ${c.argv.join(" ")}`) && /^build\//.test(value));
        if (!PLACEHOLDER.test(value) && !marked && !value.startsWith("../shared/")) {
          if (!fs.existsSync(path.join(src, value))) fail(c.where, `${flag} ${value}: no such file in the repository`);
        }
      }
    }
  }
  return true;
}

function classify(c) {
  const line = `tradelet ${c.argv.join(" ")}`;
  if (c.argv.some((a) => PLACEHOLDER.test(a)) || c.argv.length === 0) return { kind: "synopsis" };
  // Only the command's name (`tradelet run` in prose): nothing to run but its --help.
  if (c.argv.length === commandPaths(c.argv)[0].length && c.argv[0] !== "demo") return { kind: "synopsis" };
  const full = `${c.env.join(" ")} ${line}`.trim();
  for (const m of MARKERS) {
    if (m.re.test(line) && !(m.unless && m.unless.test(full))) return { kind: "marker", why: m.why };
  }
  if (!runSlow && SLOW.some((m) => m.re.test(line))) return { kind: "slow" };
  if (!haveShared && /(^|\s|=)\.\.\/shared\//.test(c.text)) return { kind: "shared" };
  if (!haveShared && ["backtest", "sweep", "run"].includes(c.argv[0]) && c.argv.some((a) => /\.toml$/.test(a) && fs.existsSync(path.join(src, a)) &&
      /\.\.\/\.\.\/shared\//.test(fs.readFileSync(path.join(src, a), "utf8")))) return { kind: "shared" };
  const server = c.background || c.argv[0] === "paper-exchange" ||
    (c.argv[0] === "serve" && c.argv[1] !== "status" && !c.argv.includes("--until"));
  return { kind: server ? "server" : "run" };
}

// ---- sandbox ----------------------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tradelet-docs-"));
const repo = path.join(tmp, "repo");
fs.mkdirSync(path.join(repo, "build", "release"), { recursive: true });
fs.mkdirSync(path.join(tmp, "bin"));
fs.mkdirSync(path.join(tmp, "tmp"));
fs.symlinkSync(bin, path.join(repo, "build", "release", "tradelet"));
fs.symlinkSync(bin, path.join(tmp, "bin", "tradelet"));
if (fs.existsSync(shared)) fs.symlinkSync(path.resolve(shared), path.join(tmp, "shared"));
fs.cpSync(path.join(src, "examples"), path.join(repo, "examples"), { recursive: true });
fs.cpSync(path.join(src, "deploy"), path.join(repo, "deploy"), {
  recursive: true, filter: (p) => !/node_modules|\.terraform/.test(p) });
const env = { ...process.env, PATH: `${path.join(tmp, "bin")}:${process.env.PATH}`,
              TRADELET_LOG_LEVEL: "warn", TMPDIR: path.join(tmp, "tmp") };
delete env.APCA_API_BASE_URL; delete env.APCA_API_DATA_URL;
delete env.APCA_API_KEY_ID; delete env.APCA_API_SECRET_KEY;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function runForeground(cmd, timeoutMs, cwd = repo) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn("bash", ["-c", cmd], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: Date.now() - t0 });
    });
  });
}

function startServer(cmd) {
  const child = spawn("bash", ["-c", `exec ${cmd}`], { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
  const s = { child, out: "", err: "", exited: null };
  child.stdout.on("data", (d) => { s.out += d; });
  child.stderr.on("data", (d) => { s.err += d; });
  s.done = new Promise((resolve) => child.on("close", (code, signal) => { s.exited = { code, signal }; resolve(); }));
  return s;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitReady(s, c) {
  // The paper exchange prints {"base_url": ...} when it listens; serve keeps running.
  const until = Date.now() + 30000;
  while (Date.now() < until && s.exited === null) {
    if (c.argv[0] === "paper-exchange" ? s.out.includes("base_url") : Date.now() > until - 27000) return true;
    await sleep(100);
  }
  return s.exited === null && c.argv[0] !== "paper-exchange";
}

// Output as shown: a line "..." stands for any number of lines.
function matches(got, want, i = 0, j = 0) {
  if (j === want.length) return i === got.length;
  if (want[j].trim() === "..." || want[j].trim() === "…") {
    for (let k = i; k <= got.length; k++) if (matches(got, want, k, j + 1)) return true;
    return false;
  }
  return i < got.length && got[i] === want[j] && matches(got, want, i + 1, j + 1);
}
const tail = (t) => t.trim().split("\n").slice(-6).join("\n    ");

// `tradelet run` prints its JSON report: a documented run must reach the outcome the docs
// give (`# outcome X, N orders`; default ok), so a forward test that only reports
// market_closed (a paper exchange whose clock stands at the open) fails here.
function checkRunReport(c, cmd, r) {
  let report;
  try { report = JSON.parse(r.out); } catch {
    fail(c.where, `'${cmd}' printed no JSON report:\n    ${tail(r.out)}`);
    return;
  }
  stats.reports++;
  if (report.outcome !== c.outcome) {
    fail(c.where, `'${cmd}': outcome ${report.outcome}, the docs expect ${c.outcome}` +
         ` (skips: ${JSON.stringify(report.skips ?? []).slice(0, 300)})`);
  } else if (c.orders !== null && (report.orders ?? []).length !== c.orders) {
    fail(c.where, `'${cmd}': ${(report.orders ?? []).length} orders, the docs say ${c.orders}`);
  }
}

// Relative paths in a config are resolved against its folder, so a user standing in examples/
// gets what one at the root gets: each documented `backtest --config examples/X.toml` runs
// again from examples/ (`--config X.toml`) and must print the same summary, but for the run
// time and the data's file names as given (they start with the config's folder).
const fromExamples = new Set();
async function checkFromExamplesFolder(c, cmd, r) {
  const i = c.argv.indexOf("--config");
  if (c.argv[0] !== "backtest" || i < 0 || !/^examples\/[^/]+\.toml$/.test(c.argv[i + 1] ?? "")) return;
  if (fromExamples.has(c.argv[i + 1])) return;
  fromExamples.add(c.argv[i + 1]);
  const out = path.join(tmp, "tmp", `from-examples-${fromExamples.size}`);
  const cmd2 = cmd.replace(/--config examples\//, "--config ")
    .replace(/--out\s+\S+/, `--out ${out}`).replace(/^(?:\S+\/)?tradelet\b/, "tradelet");
  const r2 = await runForeground(cmd2, 600000, path.join(repo, "examples"));
  stats.fromExamples++;
  const clean = (text) => {
    try {
      return JSON.stringify(JSON.parse(text), (k, v) => (k === "run_seconds" || k === "source" ? undefined : v));
    } catch { return text; }
  };
  if (r2.code !== 0) {
    fail(c.where, `from examples/: '${cmd2}' exited ${r2.code ?? r2.signal}:\n    ${tail(r2.err + "\n" + r2.out)}`);
  } else if (clean(r2.out) !== clean(r.out)) {
    fail(c.where, `from examples/: '${cmd2}' printed another summary than from the root`);
  }
}

// The Python package as built next to the binary under test (build/release/python): the docs'
// `PYTHONPATH=build/release/python /usr/bin/python3 -m tradelet ...` find it in the sandbox.
const pythonDir = path.join(path.dirname(bin), "python");
const havePython = fs.existsSync(path.join(pythonDir, "tradelet", "__init__.py"));
if (havePython) fs.symlinkSync(pythonDir, path.join(repo, "build", "release", "python"));

for (const g of groups) {
  const ports = new Map();
  const servers = [];
  for (const c of g.commands) {
    if (c.python) {
      // No --help text to check the flags against (argparse of python/tradelet); the command runs.
      const synopsis = c.argv.some((a) => PLACEHOLDER.test(a)) || c.argv.length === 0 || c.text.trim().startsWith("...");
      if (process.env.TRADELET_DOCS_SMOKE_LIST) { console.log(`${(synopsis ? "synopsis" : "python").padEnd(8)} ${c.where}: ${c.text}`); continue; }
      if (synopsis) { stats.argsOnly++; continue; }
      if (!havePython) { stats.argsOnly++; console.log(`skip ${c.where}: no Python package at ${pythonDir}`); continue; }
      if (!haveShared && c.argv.some((a) => a.endsWith(".toml") && fs.existsSync(path.join(src, a)) &&
          /\.\.\/shared\//.test(fs.readFileSync(path.join(src, a), "utf8")))) {
        stats.skippedShared++; console.log(`skip ${c.where}: needs ${shared}`); continue;
      }
      const cmd = c.text.replace(/(^|\s)\/tmp\//g, `$1${path.join(tmp, "tmp")}/`);
      const pyKey = `python ${c.text.replace(/--out\s+\S+/, "--out _")}`;
      if (done.has(pyKey)) continue;
      const r = await runForeground(cmd, 600000);
      done.set(pyKey, r);
      stats.ran++; stats.python++;
      console.log(`ran  ${c.where}: ${cmd.length > 110 ? cmd.slice(0, 107) + "..." : cmd} (${(r.ms / 1000).toFixed(1)} s)`);
      for (const a of c.argv) if (a.startsWith("examples/")) used.add(a.slice("examples/".length));
      if (r.code !== c.exit) fail(c.where, `'${cmd}' exited ${r.code ?? r.signal}, the docs say ${c.exit}:\n    ${tail(r.err + "\n" + r.out)}`);
      continue;
    }
    if (!checkArguments(c)) continue;
    const cls = classify(c);
    if (process.env.TRADELET_DOCS_SMOKE_LIST) { console.log(`${cls.kind.padEnd(8)} ${c.where}: ${c.text}`); continue; }
    if (cls.kind === "synopsis" || cls.kind === "marker") { stats.argsOnly++; continue; }
    if (cls.kind === "slow") { stats.slow++; continue; }
    if (cls.kind === "shared") { stats.skippedShared++; console.log(`skip ${c.where}: needs ${shared}`); continue; }
    // Rewrites: documented ports -> free ports, /tmp paths -> the sandbox.
    let cmd = c.text;
    for (const m of cmd.matchAll(/--port[ =](\d+)/g)) if (!ports.has(m[1])) ports.set(m[1], await freePort());
    for (const [from, to] of ports) {
      cmd = cmd.replace(new RegExp(`(--port[ =])${from}\\b`, "g"), `$1${to}`)
        .replace(new RegExp(`((?:127\\.0\\.0\\.1|localhost):)${from}\\b`, "g"), `$1${to}`);
    }
    cmd = cmd.replace(/(^|\s)\/tmp\//g, `$1${path.join(tmp, "tmp")}/`);
    for (const a of c.argv) if (a.startsWith("examples/")) used.add(a.slice("examples/".length));
    if (cls.kind === "server") {
      const s = startServer(cmd);
      stats.servers++;
      if (!(await waitReady(s, c))) {
        await s.done;
        fail(c.where, `server '${cmd}' did not come up (exit ${s.exited?.code}):\n    ${tail(s.err + s.out)}`);
        continue;
      }
      servers.push({ s, c, cmd });
      continue;
    }
    // Package commands into deploy/ keep their folder (deploy/sam/build/, deploy/terraform/...:
    // where a deployment reads the zip from, created by the packager); ~2.5 s CPU each.
    const key = [...c.env, ...c.argv].join(" ").replace(/(--out|-o|--output|--plot)[ =](\S+)/g,
      (m, flag, value) => `${flag} ${c.argv[0] === "package" && value.startsWith("deploy/") ? path.dirname(value) : "_"}`);
    let r = done.get(key);
    // A command that talks to a server of its block runs every time; others once.
    if (!r || c.env.length || /--port|127\.0\.0\.1:/.test(c.text)) {
      r = await runForeground(cmd, 600000);
      done.set(key, r);
      if (r.code === c.exit && c.exit === 0) await checkFromExamplesFolder(c, cmd, r);
      stats.ran++;
      console.log(`ran  ${c.where}: ${cmd.length > 110 ? cmd.slice(0, 107) + "..." : cmd} (${(r.ms / 1000).toFixed(1)} s)`);
    }
    const known = KNOWN.find((k) => k.re.test(`tradelet ${c.argv.join(" ")}`));
    if (r.code !== c.exit && known && known.output.test(r.out + r.err)) {
      stats.known++;
      console.log(`KNOWN ${c.where}: exit ${r.code}: ${known.why}`);
    } else if (r.code !== c.exit) {
      fail(c.where, `'${cmd}' exited ${r.code ?? r.signal}, the docs say ${c.exit}:\n    ${tail(r.err + "\n" + r.out)}`);
    } else if (c.argv[0] === "run" && !c.argv.includes("--rebuild-journal")) {
      checkRunReport(c, cmd, r);
    } else if (c.expect && c.expect.length) {
      stats.compared++;
      const got = r.out.replace(/\s+$/, "").split("\n").map((l) => l.replace(/\s+$/, ""));
      const want = c.expect.join("\n").replace(/\s+$/, "").split("\n");
      if (!matches(got, want)) {
        fail(c.where, `'${cmd}' printed\n    ${got.join("\n    ")}\n  but the docs show\n    ${want.join("\n    ")}`);
      }
    }
  }
  for (const { s, c, cmd } of servers) {
    if (s.exited !== null) {
      fail(c.where, `server '${cmd}' exited early (${s.exited.code ?? s.exited.signal}):\n    ${tail(s.err + s.out)}`);
      continue;
    }
    s.child.kill("SIGTERM");
    const t = setTimeout(() => s.child.kill("SIGKILL"), 40000);
    await s.done;
    clearTimeout(t);
    if (s.exited.code !== 0 && s.exited.signal !== "SIGTERM") {
      fail(c.where, `server '${cmd}' ended with ${s.exited.code ?? s.exited.signal} on SIGTERM:\n    ${tail(s.err)}`);
    }
  }
}

for (const f of exampleFiles) {
  if (!used.has(f) && haveShared && !process.env.TRADELET_DOCS_SMOKE_LIST) fail(`examples/${f}`, "no command in the docs or the examples runs this file");
}
// What the documented commands write inside the checkout (outputs, journals, the fleet's state
// and logs, zips) must be ignored by git, so that `git status` after following the docs is
// clean and `git add -A` commits none of it. Checked with the checkout's .gitignore files.
function createdFiles(dir, rel = "") {
  const found = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) found.push(...createdFiles(path.join(dir, e.name), r));
    else if (!fs.existsSync(path.join(src, r))) found.push(r);
  }
  return found;
}
const isGit = spawnSync("git", ["-C", src, "rev-parse", "--is-inside-work-tree"], { encoding: "utf8" });
if (!process.env.TRADELET_DOCS_SMOKE_LIST && isGit.status === 0 && isGit.stdout.trim() === "true") {
  const created = createdFiles(repo).filter((f) => !f.startsWith("build/release/"));
  const ignored = spawnSync("git", ["-C", src, "check-ignore", "--no-index", "--stdin"],
                            { input: created.join("\n") + "\n", encoding: "utf8" });
  const ign = new Set(ignored.stdout.split("\n").filter(Boolean));
  stats.ignored = ign.size;
  const dirty = created.filter((f) => !ign.has(f));
  if (dirty.length) {
    fail(".gitignore", `files the documented commands write in the checkout are not ignored:\n    ${dirty.slice(0, 20).join("\n    ")}`);
  }
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`docs smoke: ${groups.reduce((n, g) => n + g.commands.length, 0)} commands in ` +
  `${groups.length} blocks; ${stats.ran} ran, ${stats.servers} servers, ${stats.compared} outputs ` +
  `compared, ${stats.python} Python commands, ${stats.reports} run reports checked, ${stats.fromExamples} backtests rerun from examples/, ` +
  `${stats.ignored} written files git-ignored, ${stats.known} known failures, ${stats.argsOnly} checked for --help and arguments only, ${stats.slow} slow ones too (TRADELET_DOCS_SMOKE_SLOW=1 runs them), ${stats.skippedShared} ` +
  `skipped without ${shared}; ${failures} failed; ${secs} s`);
if (process.env.TRADELET_DOCS_SMOKE_KEEP) console.log(`sandbox kept: ${tmp}`);
else fs.rmSync(tmp, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
