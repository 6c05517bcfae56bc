/**
 * `--against GIT_REF`: plan the same stack as it is at another revision, with THAT revision's
 * program, so a pull request shows its own effect.
 *
 * A temporary `git worktree` is checked out at the revision (the current checkout is untouched),
 * `node_modules` is linked from this checkout (the lockfile rarely changes; when it does, the
 * baseline is planned with today's dependencies — said in the source label), the revision is
 * compiled with its own tsconfig (type errors are tolerated, as tsc still emits), and its own
 * `dist/tools/plan.js --format json` plans the stack file as it is at that revision. The worktree
 * is removed afterwards, whatever happens.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import type { BaselineInput } from "./document";
import { parseBaseline } from "./json";

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
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
    log(`planning ${opts.stack} at ${ref} (${sha.slice(0, 12)}) in a temporary worktree`);
    git(root, ["worktree", "add", "--detach", "--quiet", wt, sha]);
    const stackFile = inRepo ? join(wt, rel) : opts.stackFile;
    if (!existsSync(stackFile)) {
      log(`${rel} does not exist at ${ref}: everything is new`);
      return { source, stack: opts.stack, resources: [] };
    }
    if (existsSync(join(root, "node_modules")) && !existsSync(join(wt, "node_modules"))) symlinkSync(join(root, "node_modules"), join(wt, "node_modules"), "dir");
    const lock = (dir: string) => (existsSync(join(dir, "package-lock.json")) ? readFileSync(join(dir, "package-lock.json"), "utf8") : "");
    if (lock(root) !== lock(wt)) log(`note: package-lock.json differs at ${ref}; its program is planned with this checkout's node_modules`);
    const tsc = join(wt, "node_modules", "typescript", "bin", "tsc");
    // Type errors do not stop tsc from emitting; a missing plan entry point does stop us below.
    spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: wt, stdio: "ignore" });
    const entry = join(wt, "dist", "tools", "plan.js");
    if (!existsSync(entry)) throw new Error(`--against ${ref}: that revision has no plan tool (dist/tools/plan.js was not built)`);
    // stdout to a file, not a pipe: older plan tools exit without flushing a pipe (64 KiB would arrive).
    const outFile = join(tmp, "baseline.json");
    const fd = openSync(outFile, "w");
    let run: ReturnType<typeof spawnSync>;
    try {
      run = spawnSync(process.execPath, [entry, "--config", stackFile, "--stack", opts.stack, "--format", "json"], {
        cwd: wt,
        encoding: "utf8",
        stdio: ["ignore", fd, "pipe"],
      });
    } finally {
      closeSync(fd);
    }
    const stdout = readFileSync(outFile, "utf8");
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`--against ${ref}: planning ${rel} at that revision failed (exit ${run.status}):\n${(stdout || String(run.stderr ?? "")).trim()}`);
    }
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
