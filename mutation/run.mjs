// `npm run test:mutation [-- group|prefix …]`: StrykerJS over each group of mutation/groups.cjs in turn
// (default: all), so at most one test process runs at a time. Reports: reports/mutation/<group>.json.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const groups = createRequire(import.meta.url)("./groups.cjs");
// A prefix names its groups: `policies` is every `policies/<module>`.
const wanted = process.argv.slice(2).flatMap((g) => {
  const named = groups[g] ? [g] : Object.keys(groups).filter((k) => k.startsWith(`${g}/`));
  if (named.length === 0) throw new Error(`unknown group ${g}: one of ${Object.keys(groups).join(", ")}`);
  return named;
});
let failed = 0;
for (const name of wanted.length ? wanted : Object.keys(groups)) {
  console.log(`\n=== mutation testing: ${name} (${groups[name].mutate.join(", ")}) ===`);
  const run = spawnSync("npx", ["stryker", "run", "mutation/stryker.config.mjs"], { stdio: "inherit", env: { ...process.env, LLMSTACK_MUTATE: name } });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
