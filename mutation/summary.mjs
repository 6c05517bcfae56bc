// Per-module figures from the reports of `npm run test:mutation` (reports/mutation/<group>.json, Stryker's
// mutation-testing-report-schema). Score = (killed + timed out) / (killed + timed out + survived + no coverage),
// Stryker's "total" score; string-literal mutants are never generated (mutation/stryker.config.mjs).
//   node mutation/summary.mjs [--survivors] [--markdown] [group …]
// --markdown prints the rows of the README's table (between <!-- mutation:begin/end -->) instead of a console table.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const groups = createRequire(import.meta.url)("./groups.cjs");
const args = process.argv.slice(2);
const survivors = args.includes("--survivors");
const markdown = args.includes("--markdown");
// A prefix names its groups, as in run.mjs: `policies` is every `policies/<module>`.
const wanted = args.filter((a) => !a.startsWith("--")).flatMap((g) => (groups[g] ? [g] : Object.keys(groups).filter((k) => k.startsWith(`${g}/`))));
const rows = [];
for (const g of wanted.length ? wanted : Object.keys(groups)) {
  const path = new URL(`../reports/mutation/${g}.json`, import.meta.url);
  if (!existsSync(path)) continue;
  const report = JSON.parse(readFileSync(path, "utf8"));
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const n = (s) => mutants.filter((m) => m.status === s).length;
    const [killed, timeout, survived, noCov] = [n("Killed"), n("Timeout"), n("Survived"), n("NoCoverage")];
    const valid = killed + timeout + survived + noCov;
    const score = valid ? ((100 * (killed + timeout)) / valid).toFixed(1) : "-";
    rows.push({ file, killed, timeout, survived, "no coverage": noCov, score });
    if (markdown) console.log(`| \`${file}\` | ${valid} | ${killed + timeout} | ${survived} | ${noCov} | **${score}%** |`);
    if (!survivors) continue;
    const lines = source.split("\n");
    for (const m of mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage")) {
      const { start, end } = m.location;
      const orig = start.line === end.line ? lines[start.line - 1].slice(start.column - 1, end.column - 1) : `${lines[start.line - 1].slice(start.column - 1)}…`;
      console.log(`${file}:${start.line}:${start.column} ${m.status} ${m.mutatorName}: ${orig.slice(0, 90).replace(/\s+/g, " ")} => ${String(m.replacement).slice(0, 90).replace(/\s+/g, " ")}`);
    }
  }
}
if (!markdown) console.table(rows);
