import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const read = (f: string) => readFileSync(join(ROOT, f), "utf8");

test("the README's two commands are the plan and the test suite, and .ci/run runs the same test command", () => {
  const block = /## The two commands\s+(?:<!--[^\n]*-->\s+)?```sh\n([\s\S]*?)```/.exec(read("README.md"))?.[1] ?? "";
  const commands = block.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
  expect(commands).toEqual(["npm ci && npm run plan", "npm ci && npm test"]);

  const ci = read(".ci/run").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  expect(ci).toEqual(expect.arrayContaining(["npm ci --no-audit --no-fund", "npm test"]));

  const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
  // `npm ci` compiles (prepare → build), so `npm run plan` runs plain Node on dist/ — no TypeScript loader.
  expect(scripts.prepare).toBe("npm run -s build");
  expect(scripts.build).toBe("node tools/removeOrphanedOutputs.cjs && tsc -p tsconfig.json");
  expect(scripts.plan).toBe("node dist/tools/plan.js");
  expect(scripts.test).toMatch(/tsc .*--noEmit && jest/);
  // The plan's default stack is the example dev stack.
  expect(existsSync(join(ROOT, "Pulumi.dev.yaml"))).toBe(true);
});

test("no absolute path of this build machine's checkout is committed", () => {
  const { execSync } = require("node:child_process") as typeof import("node:child_process");
  const files = execSync("git ls-files", { cwd: ROOT, encoding: "utf8" }).split("\n").filter((f) => f && !f.endsWith("package-lock.json"));
  const offenders = files.filter((f) => existsSync(join(ROOT, f)) && /(^|[\s"'`(])\/(work|farm|root)\/[A-Za-z]/.test(read(f)) && !f.startsWith("tests/repo.test.ts"));
  expect(offenders).toEqual([]);
});

test("the build removes dist/ files whose source is gone (a stale dist/config/kubernetes.js shadowed config/kubernetes/index.js) and keeps the rest", () => {
  const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
  const { mkdirSync, mkdtempSync, writeFileSync } = require("node:fs") as typeof import("node:fs");
  const { dirname } = require("node:path") as typeof import("node:path");
  const root = mkdtempSync(join(require("node:os").tmpdir(), "llmstack-orphans-"));
  const files = ["config/kubernetes/index.ts", "dist/config/kubernetes/index.js", "dist/config/kubernetes.js", "dist/gone/only.test.js", "dist/.tsbuildinfo", "tools/plan.ts", "dist/tools/plan.js"];
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), "");
  }
  execFileSync(process.execPath, [join(ROOT, "tools", "removeOrphanedOutputs.cjs"), root], { stdio: "pipe" });
  const left = files.filter((f) => f.startsWith("dist/") && existsSync(join(root, f)));
  expect(left).toEqual(["dist/config/kubernetes/index.js", "dist/.tsbuildinfo", "dist/tools/plan.js"]);
  expect(existsSync(join(root, "dist", "gone"))).toBe(false);
});
