/**
 * Every shell block of the README runs as written, top to bottom, in one temporary copy of the
 * repository, as a new user would run them: through npm, from the repository's root.
 *
 * Each ```sh / ```bash block carries an annotation just above it, which says how it is covered:
 *   <!-- readme-test: run -->                 every line runs; the block must exit 0
 *   <!-- readme-test: run; skip "X" (why) --> lines containing X are checked, not run
 *   <!-- readme-test: run; output F = plan --> and file F must equal the README's plan:begin..plan:end
 *   <!-- readme-test: check (why) -->         needs what CI cannot have (a Snowflake account and the
 *                                             Pulumi CLI): checked, not run
 * "Checked" means: bash parses it (`bash -n`), every `npm run` script exists in package.json, every
 * plan command's options are accepted by the plan's own parser, and every file it reads exists.
 * A shell block without an annotation fails the test.
 *
 * The copy: the checkout's files (tracked and untracked, not ignored) in a fresh git repository
 * whose `origin/main` is its own commit (so `--against origin/main` runs and finds no change).
 * `npm ci` there links this checkout's node_modules — after checking the lockfile is identical, so
 * npm would install exactly that — and runs the `prepare` script as npm ci does (once: the copy's
 * sources do not change between blocks); it does not download again (.ci/run runs the real `npm ci`
 * on a clean clone).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "../tools/plan/args";

const ROOT = join(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

interface Block {
  readonly line: number;
  readonly mode: "run" | "check";
  readonly skip: string[];
  readonly output?: string;
  readonly why: string;
  readonly text: string;
}

function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(sh|bash|shell)\s*$/.test(lines[i])) continue;
    const end = lines.indexOf("```", i + 1);
    const text = lines.slice(i + 1, end).join("\n");
    const note = lines
      .slice(Math.max(0, i - 3), i)
      .reverse()
      .map((l) => /<!-- readme-test: (.*) -->/.exec(l)?.[1])
      .find(Boolean);
    if (!note) throw new Error(`README.md:${i + 1}: a shell block without a <!-- readme-test: … --> annotation`);
    const mode = note.startsWith("run") ? "run" : note.startsWith("check") ? "check" : undefined;
    if (!mode) throw new Error(`README.md:${i}: unknown annotation ${note}`);
    out.push({
      line: i + 1,
      mode,
      skip: [...note.matchAll(/skip "([^"]+)"/g)].map((m) => m[1]),
      ...(/output (\S+) = plan/.exec(note) ? { output: /output (\S+) = plan/.exec(note)![1] } : {}),
      why: note,
      text,
    });
    i = end;
  }
  return out;
}

/** Logical lines: continuations joined, comments and blank lines dropped. */
function commands(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").replace(/^#.*$/, "").trim())
    .filter(Boolean);
}

const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** What "checked" means (see the file comment); returns the problems found. */
function check(command: string, cwd: string): string[] {
  const problems: string[] = [];
  const syntax = spawnSync("bash", ["-n", "-c", command], { encoding: "utf8" });
  if (syntax.status !== 0) problems.push(`${command}: bash cannot parse it: ${syntax.stderr}`);
  for (const part of command.split(/&&|\|\||;|\|/).map((p) => p.trim())) {
    const words = part.split(/\s+/);
    const run = /^npm run(?: -s)? ([\w:-]+)(?: -- (.*))?$/.exec(part);
    if (run && !PACKAGE.scripts[run[1]]) problems.push(`${part}: package.json has no script ${run[1]}`);
    const planArgs = run?.[1] === "plan" ? (run[2] ?? "") : /^node dist\/tools\/plan\.js(.*)$/.exec(part)?.[1];
    if (planArgs !== undefined) {
      const argv = planArgs.replace(/\s*[>|].*$/, "").split(/\s+/).filter(Boolean);
      try {
        parseArgs(argv, cwd, cwd);
      } catch (e) {
        problems.push(`${part}: the plan refuses its options: ${(e as Error).message}`);
      }
    }
    // Files a pulumi command reads from the repository.
    const pack = words.indexOf("--policy-pack");
    if (words[0] === "pulumi" && pack >= 0 && !existsSync(join(cwd, words[pack + 1]))) problems.push(`${part}: no ${words[pack + 1]} here`);
  }
  return problems;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=readme", "-c", "user.email=readme@example.com", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A copy of the checkout (see the file comment) and a PATH whose `npm ci` links node_modules. */
function copyOfCheckout(): { dir: string; env: NodeJS.ProcessEnv } {
  const tmp = mkdtempSync(join(tmpdir(), "llmstack-readme-"));
  const dir = join(tmp, "llmstack");
  for (const f of git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0").filter(Boolean)) {
    if (!existsSync(join(ROOT, f))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  // The build output, so `prepare` (tsc, incremental) only compiles what changed since the last build.
  if (existsSync(join(ROOT, "dist"))) cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "the checkout under test");
  git(dir, "update-ref", "refs/remotes/origin/main", "HEAD");

  const shims = join(tmp, "bin");
  mkdirSync(shims);
  const realNpm = execFileSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  writeFileSync(
    join(shims, "npm"),
    `#!/usr/bin/env bash
# npm, except that \`npm ci\` links the checkout's node_modules instead of downloading (see readme.test.ts).
set -euo pipefail
if [ "\${1:-}" = "ci" ]; then
  cmp -s package-lock.json "${ROOT}/package-lock.json" || { echo "npm ci (readme test): package-lock.json differs from the checkout's" >&2; exit 1; }
  [ -e node_modules ] || ln -s "${join(ROOT, "node_modules")}" node_modules
  # The copy's sources do not change between blocks: prepare (tsc) once.
  [ -e .readme-test-prepared ] || { "${realNpm}" run -s prepare && touch .readme-test-prepared; }
  exit 0
fi
exec "${realNpm}" "$@"
`,
  );
  chmodSync(join(shims, "npm"), 0o755);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|INIT_CWD$|JEST_|NODE_OPTIONS$)/i.test(k)) env[k] = v;
  env.PATH = `${shims}:${process.env.PATH}`;
  return { dir, env };
}

const all = blocks(README);
let copy: { dir: string; env: NodeJS.ProcessEnv };
beforeAll(() => {
  copy = copyOfCheckout();
});
afterAll(() => {
  if (copy) rmSync(dirname(copy.dir), { recursive: true, force: true });
});

test("every shell block says how it is covered, and the README has blocks of both kinds", () => {
  expect(all.length).toBeGreaterThanOrEqual(6);
  expect(all.some((b) => b.mode === "check")).toBe(true);
  expect(all.some((b) => b.output)).toBe(true);
});

// In README order: later blocks read what earlier ones wrote, as they would for a reader.
test.each(all.map((b) => [b.line, b] as const))("README.md:%i runs as written (or is checked, as its annotation says)", (_line, block) => {
  const problems: string[] = [];
  const lines = commands(block.text);
  for (const c of lines) if (block.mode === "check" || block.skip.some((s) => c.includes(s))) problems.push(...check(c, copy.dir));
  if (block.mode === "run") {
    const script = ["set -euo pipefail", ...lines.filter((c) => !block.skip.some((s) => c.includes(s)))].join("\n");
    const run = spawnSync("bash", ["-c", script], { cwd: copy.dir, env: copy.env, encoding: "utf8", maxBuffer: 64 << 20 });
    if (run.status !== 0) problems.push(`exit ${run.status}:\n${script}\n--- stderr ---\n${run.stderr.slice(-4000)}`);
    if (block.output) {
      const shown = /<!-- plan:begin -->\n([\s\S]*)<!-- plan:end -->/.exec(README)?.[1];
      const written = existsSync(join(copy.dir, block.output)) ? readFileSync(join(copy.dir, block.output), "utf8") : "(not written)";
      if (written !== shown) problems.push(`${block.output} is not what the README shows between plan:begin and plan:end`);
    }
  }
  expect(problems).toEqual([]);
}, 600000);
