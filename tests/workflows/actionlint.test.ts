/**
 * The GitHub workflows lint clean with actionlint (github.com/rhysd/actionlint), built from the Go
 * module proxy by tools/engine/actionlint.sh into the engine tools' cache, outside the repository.
 *
 * In `npm test` the test is skipped (and says so) when the binary has not been built; the tier of
 * `.ci/run` that builds it sets LLMSTACK_REQUIRE_ACTIONLINT=1, and there a missing binary fails.
 * shellcheck and pyflakes, which actionlint runs when it finds them on PATH, are turned off so the
 * result does not depend on what else a machine has installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const BIN = join(process.env.LLMSTACK_ENGINE_HOME ?? join(homedir(), ".cache", "llmstack-engine"), "bin", "actionlint");
const required = process.env.LLMSTACK_REQUIRE_ACTIONLINT === "1";
const workflows = readdirSync(join(ROOT, ".github", "workflows"))
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(".github", "workflows", f));

const lint = existsSync(BIN) || required ? test : test.skip;

lint(`the workflows lint clean with actionlint${existsSync(BIN) ? "" : " (not built: run tools/engine/actionlint.sh)"}`, () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: the engine tools build runs tools/engine/actionlint.sh`);
  expect(workflows).toContain(join(".github", "workflows", "plan.yml"));
  const run = spawnSync(BIN, ["-no-color", "-shellcheck=", "-pyflakes=", ...workflows], { cwd: ROOT, encoding: "utf8" });
  expect([run.status, run.stdout + run.stderr]).toEqual([0, ""]);
});

lint("actionlint reports a broken workflow (the lint is not vacuous)", () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: the engine tools build runs tools/engine/actionlint.sh`);
  const broken = join("tests", "workflows", "fixtures", "broken.yml");
  const run = spawnSync(BIN, ["-no-color", "-shellcheck=", "-pyflakes=", broken], { cwd: ROOT, encoding: "utf8" });
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('property "nope" is not defined');
});
