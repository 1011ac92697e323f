// Reference fire times from croner for tradelet's differential test
// (tests/schedule/croner_diff_test.cc).
// Input lines:  <pattern>\t<IANA zone>\t<from, Unix ms>\t<count>
// Output lines: next: <ms>,<ms>,...\tprev: <ms>,...   or   error: <message>
import { readFileSync, writeFileSync } from "node:fs";
import { Cron } from "croner";

const [inPath, outPath] = process.argv.slice(2);
const out = [];
for (const line of readFileSync(inPath, "utf8").split("\n")) {
  if (!line) continue;
  const [pattern, timezone, fromMs, count] = line.split("\t");
  try {
    // 5-part: minute-level classic crontab; OR of the day fields as in Vixie (croner's default).
    const job = new Cron(pattern, { timezone, mode: "5-part", paused: true });
    const from = new Date(Number(fromMs));
    const n = Number(count);
    const next = job.nextRuns(n, from).map((d) => d.getTime());
    const prev = job.previousRuns(n, from).map((d) => d.getTime());
    out.push(`next:${next.join(",")}\tprev:${prev.join(",")}`);
  } catch (e) {
    out.push(`error:${String(e.message).replace(/[\t\n]/g, " ")}`);
  }
}
writeFileSync(outPath, out.join("\n") + "\n");
