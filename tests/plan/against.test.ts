/**
 * `--against GIT_REF` plans the stack file as it is at that revision, with that revision's own plan
 * tool, in a temporary worktree that is removed afterwards. Exercised on a throwaway repository
 * whose "program" is a stub plan tool (compiling the real project at a revision takes a minute).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { planAtRevision } from "../../tools/plan/against";
import { transpileProject } from "../../tools/plan/transpile";
import { tempDir } from "./helpers";

const NODE_MODULES = join(__dirname, "..", "..", "node_modules");

// The stub prints what an older `npm run plan -- --format json` printed: {stack, resources}, with
// the pool's MAX_NODES read from the stack file it is given; like that older tool it exits right
// after writing (more than a pipe's 64 KiB here), which must not cut the baseline short.
const STUB = `
import { readFileSync } from "node:fs";
const args = process.argv.slice(2);
const file = args[args.indexOf("--config") + 1];
const stack = args[args.indexOf("--stack") + 1];
const maxNodes = Number(/maxNodes: (\\d+)/.exec(readFileSync(file, "utf8"))![1]);
const urn = "urn:pulumi:" + stack + "::llmstack::llmstack:spcs:ComputePool::pool";
process.stdout.write(JSON.stringify({ stack, resources: [{ urn, type: "llmstack:spcs:ComputePool", name: "pool", custom: true,
  inputs: { name: "P", instanceFamily: "GPU_NV_S", minNodes: 1, maxNodes, autoResume: true, autoSuspendSecs: 600, token: { secret: true }, comment: "x".repeat(200000) },
  dependencies: [], propertyDependencies: {}, protect: false, retainOnDelete: false, deleteBeforeReplace: true }] }));
process.exit(0);
`;

function git(cwd: string, ...args: string[]) {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, encoding: "utf8" }).trim();
}

test("plans the revision's stack file with the revision's program, then removes the worktree", async () => {
  const repo = tempDir();
  git(repo, "init", "-q");
  mkdirSync(join(repo, "tools"));
  writeFileSync(join(repo, "tools", "plan.ts"), STUB);
  writeFileSync(join(repo, "tsconfig.json"), JSON.stringify({ compilerOptions: { outDir: "dist", rootDir: ".", module: "commonjs", target: "ES2022", types: ["node"], strict: true }, include: ["tools"] }));
  writeFileSync(join(repo, ".gitignore"), "node_modules\ndist\n");
  symlinkSync(NODE_MODULES, join(repo, "node_modules"), "dir");
  const stackFile = join(repo, "Pulumi.rev.yaml");
  writeFileSync(stackFile, "config:\n  maxNodes: 1\n");
  git(repo, "add", ".");
  git(repo, "commit", "-qm", "one node");
  writeFileSync(stackFile, "config:\n  maxNodes: 3\n"); // the working tree moves on

  const tmpRoot = tempDir();
  const log: string[] = [];
  const baseline = await planAtRevision("HEAD", { stackFile, stack: "rev", tmpRoot, log: (l) => log.push(l) });
  // Progress on stderr at each step; the revision compiled without type-checking (1 file: the stub).
  expect(log).toEqual([
    expect.stringMatching(/^--against HEAD: checking out [0-9a-f]{12} in a temporary worktree$/),
    expect.stringMatching(/^--against HEAD: 1 files ready \(\d reused from dist\/, \d compiled, .*no type-check\) after [\d.]+ s; planning it$/),
    expect.stringMatching(/^--against HEAD: planned in [\d.]+ s$/),
  ]);
  expect(baseline.source).toBe("git:HEAD");
  expect(baseline.resources.map((r) => [r.urn, r.inputs.maxNodes, r.inputs.token, String(r.inputs.comment).length])).toEqual([
    ["urn:pulumi:rev::llmstack::llmstack:spcs:ComputePool::pool", 1, "[secret]", 200000],
  ]);
  expect(git(repo, "worktree", "list").split("\n")).toHaveLength(1);
  expect(readdirSync(tmpRoot)).toEqual([]);
  expect(existsSync(join(repo, "dist"))).toBe(false); // built in the worktree, not here

  await expect(planAtRevision("no-such-ref", { stackFile, stack: "rev" })).rejects.toThrow(/not a git revision/);
}, 60000);

test("the revision is compiled without type-checking: only what the plan tool loads, reusing this checkout's dist/ and a cache", () => {
  const project = (dir: string, b: string) => {
    mkdirSync(join(dir, "tools", "plan"), { recursive: true });
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { outDir: "dist", rootDir: ".", module: "commonjs", target: "ES2022" } }));
    writeFileSync(join(dir, "tools", "plan.ts"), `import { b } from "./plan/b";\nexport const a: number = b + 1; // a type error would not stop it: ${"x" as string}\n`);
    writeFileSync(join(dir, "tools", "plan", "b.ts"), b);
    writeFileSync(join(dir, "tools", "unused.ts"), "export const unused = 1;\n");
    symlinkSync(NODE_MODULES, join(dir, "node_modules"), "dir");
  };
  const revision = tempDir();
  const current = tempDir();
  project(revision, "export const b: number = 1;\n");
  project(current, "export const b: number = 1;\n");
  const cacheDir = join(tempDir(), "cache");

  // Nothing built here yet: both files compiled; tools/unused.ts is not loaded by the plan, so not compiled.
  expect(transpileProject(revision, { reuse: current, cacheDir })).toEqual({ files: 2, compiled: 2, reused: 0 });
  expect(existsSync(join(revision, "dist", "tools", "unused.js"))).toBe(false);
  expect(readFileSync(join(revision, "dist", "tools", "plan.js"), "utf8")).toContain('require("./plan/b")');

  // This checkout built after its sources changed: the same texts are reused, not compiled.
  transpileProject(current, { cacheDir: join(tempDir(), "other-cache") });
  rmSync(join(revision, "dist"), { recursive: true });
  expect(transpileProject(revision, { reuse: current, cacheDir: join(tempDir(), "empty") })).toEqual({ files: 2, compiled: 0, reused: 2 });

  // A file that differs is compiled (or found in the cache), never taken from this checkout.
  writeFileSync(join(revision, "tools", "plan", "b.ts"), "export const b: number = 2;\n");
  expect(transpileProject(revision, { reuse: current, cacheDir })).toEqual({ files: 2, compiled: 1, reused: 1 });
  expect(readFileSync(join(revision, "dist", "tools", "plan", "b.js"), "utf8")).toContain("b = 2");
  // A second run finds it in the cache.
  expect(transpileProject(revision, { reuse: current, cacheDir })).toEqual({ files: 2, compiled: 0, reused: 1 });
});
