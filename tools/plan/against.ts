/**
 * `--against GIT_REF`: plan the same stack as it is at another revision, with THAT revision's
 * program, so a pull request shows its own effect.
 *
 * A temporary `git worktree` is checked out at the revision (the current checkout is untouched),
 * `node_modules` is linked from this checkout (the lockfile rarely changes; when it does, the
 * baseline is planned with today's dependencies, and a note says so), the revision's plan tool is
 * compiled without type-checking, reusing what it can (tools/plan/transpile.ts), and its own
 * `dist/tools/plan.js --format json` plans the stack file as it is at that revision. Both steps run
 * in child processes, while this process plans the current revision. Progress goes to `log`
 * (stderr). The worktree is removed afterwards, whatever happens.
 */
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import type { BaselineInput } from "./document";
import { parseBaseline } from "./json";
import type { TranspileResult } from "./transpile";

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Runs `node args…` in `cwd`; resolves with its exit code and stderr, stdout to `stdoutFile` (or collected). */
function node(args: string[], cwd: string, stdoutFile?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // stdout to a file, not a pipe, when asked: older plan tools exit without flushing a pipe (64 KiB would arrive).
    const fd = stdoutFile ? openSync(stdoutFile, "w") : undefined;
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", fd ?? "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    child.on("error", (e) => {
      if (fd !== undefined) closeSync(fd);
      reject(e);
    });
    child.on("close", (code) => {
      if (fd !== undefined) closeSync(fd);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * This checkout's compiler step (the revision may predate it), reusing this checkout's dist/: in a
 * child process, so it runs while this process plans; in-process when this module runs from its
 * TypeScript source (the tests), where there is no compiled script to start.
 */
async function compileRevision(wt: string, root: string, ref: string): Promise<TranspileResult> {
  const script = join(__dirname, "transpile.js");
  if (!existsSync(script)) return (await import("./transpile")).transpileProject(wt, { reuse: root });
  const compiled = await node([script, wt, "--reuse", root], wt);
  if (compiled.code !== 0) throw new Error(`--against ${ref}: compiling that revision failed: ${compiled.stderr.trim()}`);
  return JSON.parse(compiled.stdout) as TranspileResult;
}

export interface AgainstOptions {
  /** Absolute path of the stack file planned now. */
  readonly stackFile: string;
  readonly stack: string;
  /** Where to find the repository. @default the stack file's directory */
  readonly cwd?: string;
  readonly log?: (line: string) => void;
  /** Where the temporary worktree goes. @default the OS temp directory */
  readonly tmpRoot?: string;
}

export async function planAtRevision(ref: string, opts: AgainstOptions): Promise<BaselineInput> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const cwd = opts.cwd ?? join(opts.stackFile, "..");
  let root: string;
  let sha: string;
  try {
    root = git(cwd, ["rev-parse", "--show-toplevel"]);
    sha = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new Error(`--against ${ref}: not a git revision here (git rev-parse --verify ${ref} failed)`);
  }
  const source = `git:${ref}`;
  const rel = relative(root, opts.stackFile);
  const inRepo = !rel.startsWith("..") && !isAbsolute(rel);

  const tmp = mkdtempSync(join(opts.tmpRoot ?? tmpdir(), "llmstack-plan-"));
  const wt = join(tmp, "worktree");
  try {
    log(`--against ${ref}: checking out ${sha.slice(0, 12)} in a temporary worktree`);
    git(root, ["worktree", "add", "--detach", "--quiet", wt, sha]);
    const stackFile = inRepo ? join(wt, rel) : opts.stackFile;
    if (!existsSync(stackFile)) {
      log(`--against ${ref}: ${rel} does not exist there: everything is new`);
      return { source, stack: opts.stack, resources: [] };
    }
    if (existsSync(join(root, "node_modules")) && !existsSync(join(wt, "node_modules"))) symlinkSync(join(root, "node_modules"), join(wt, "node_modules"), "dir");
    const lock = (dir: string) => (existsSync(join(dir, "package-lock.json")) ? readFileSync(join(dir, "package-lock.json"), "utf8") : "");
    if (lock(root) !== lock(wt)) log(`note: package-lock.json differs at ${ref}; its program is planned with this checkout's node_modules`);

    const counts = await compileRevision(wt, root, ref);
    log(`--against ${ref}: ${counts.files} files ready (${counts.reused} reused from dist/, ${counts.compiled} compiled, the rest cached; no type-check) after ${elapsed()}; planning it`);
    const entry = join(wt, "dist", "tools", "plan.js");
    if (!existsSync(entry)) throw new Error(`--against ${ref}: that revision has no plan tool (dist/tools/plan.js was not built)`);
    const outFile = join(tmp, "baseline.json");
    const run = await node([entry, "--config", stackFile, "--stack", opts.stack, "--format", "json"], wt, outFile);
    const stdout = readFileSync(outFile, "utf8");
    if (run.code !== 0 && run.code !== 1) {
      throw new Error(`--against ${ref}: planning ${rel} at that revision failed (exit ${run.code}):\n${(stdout + "\n" + run.stderr).trim()}`);
    }
    log(`--against ${ref}: planned in ${elapsed()}`);
    return { source, ...parseBaseline(stdout, `the plan of ${ref}`), stack: opts.stack };
  } finally {
    try {
      git(root, ["worktree", "remove", "--force", wt]);
    } catch {
      rmSync(wt, { recursive: true, force: true });
      try {
        git(root, ["worktree", "prune"]);
      } catch {
        /* nothing left to clean */
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `--baseline FILE`. */
export function readBaselineFile(path: string, shown = path): BaselineInput {
  const text = readFileSync(path, "utf8");
  return { source: `file:${path.split(/[\\/]/).pop()}`, ...parseBaseline(text, shown) };
}
