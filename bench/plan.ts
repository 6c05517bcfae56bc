/**
 * `npm run bench:plan`: how long the offline plan takes, as whole processes (what CI pays), against
 * the time Node takes just to load the libraries the plan loads.
 *
 *   bare     node -e "require('@pulumi/pulumi'); require('@pulumi/snowflake'); …"
 *   dev      node dist/tools/plan.js --stack dev
 *   large    node dist/tools/plan.js --config <tmp>/Pulumi.bench-large.yaml   (100 models on 20 pools)
 *   against  node dist/tools/plan.js --stack dev --against HEAD   (a temporary worktree of HEAD,
 *            compiled without type-checking reusing this checkout's dist/, planned beside dev)
 *   compile  node dist/tools/plan/transpile.js <worktree of HEAD> --cache <empty dir>: what a
 *            revision costs to compile when nothing can be reused (information, no target)
 *
 * Each is spawned once to warm the file cache, then RUNS times interleaved with the others; the
 * median wall time is reported.
 * Targets: dev ≤ 2 × bare, large ≤ 3 × dev (issue 4); against ≤ 3 × dev (issue 13).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

const ROOT = join(__dirname, "..", "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** The libraries a plan process loads (checked against require.cache of a plan run). */
export const LIBRARIES = ["@pulumi/pulumi", "@pulumi/snowflake", "@pulumi/docker-build", "@pulumi/policy", "yaml", "zod"];

/** A stack of `models` models spread over `pools` pools: half GPU (Qwen 1.5B), half CPU (MiniLM). */
export function largeStack(models = 100, pools = 20): Record<string, unknown> {
  const computePools: Record<string, unknown> = {};
  const perPool = Math.ceil(models / pools);
  for (let p = 0; p < pools; p++) {
    const gpu = p % 2 === 0;
    computePools[`P${String(p).padStart(2, "0")}`] = { instanceFamily: gpu ? "GPU_NV_S" : "CPU_X64_S", minNodes: 1, maxNodes: perPool, autoSuspendSecs: 600 };
  }
  const list = [];
  for (let m = 0; m < models; m++) {
    const p = m % pools;
    const gpu = p % 2 === 0;
    list.push({
      name: `M${String(m).padStart(3, "0")}`,
      source: { huggingFaceId: gpu ? "Qwen/Qwen2.5-1.5B-Instruct" : "sentence-transformers/all-MiniLM-L6-v2" },
      ...(gpu ? { maxContextLength: 4096 } : {}),
      snowflake: { pool: `P${String(p).padStart(2, "0")}`, autoSuspendSecs: 1800, function: { grantUsageTo: ["ANALYST"] } },
    });
  }
  return {
    config: {
      "snowflake:organizationName": "MYORG",
      "snowflake:accountName": "MYACCOUNT",
      "snowflake:user": "LLMSTACK_DEPLOYER",
      "llmstack:environment": "dev",
      "llmstack:snowflake": {
        cloud: "aws",
        role: { name: "LLM_BENCH" },
        database: "LLM_BENCH",
        schemas: ["MODELS"],
        egress: { HUGGINGFACE: ["huggingface.co:443", "*.hf.co:443", "*.xethub.hf.co:443"] },
        computePools,
      },
      "llmstack:models": list,
      "llmstack:images": { registryUser: "LLMSTACK_DEPLOYER" },
      "llmstack:cost": { creditPrice: 3 },
    },
  };
}

interface Timing {
  name: string;
  median: number;
  min: number;
  max: number;
}

interface Case {
  name: string;
  args: string[];
  okCodes: number[];
  /** Run before each timed run, untimed. */
  before?: () => void;
}

function runOnce(c: Case): number {
  c.before?.();
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!c.okCodes.includes(r.status ?? -1)) throw new Error(`${c.name}: exit ${r.status}\n${r.stderr}`);
  return ms;
}

/**
 * One warm-up each, then RUNS rounds in which every case runs once, interleaved: a machine that
 * gets busier or quieter during the bench slows every case alike, so the ratios stay fair.
 */
function time(cases: Case[]): Timing[] {
  for (const c of cases) runOnce(c);
  const samples = cases.map(() => [] as number[]);
  for (let r = 0; r < RUNS; r++) cases.forEach((c, i) => samples[i].push(runOnce(c)));
  return cases.map((c, i) => {
    const ms = samples[i].sort((a, b) => a - b);
    return { name: c.name, median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms[ms.length - 1] };
  });
}

function main(): number {
  const dir = mkdtempSync(join(tmpdir(), "llmstack-bench-"));
  try {
    const large = join(dir, "Pulumi.bench-large.yaml");
    writeFileSync(large, stringify(largeStack()));
    const plan = join(ROOT, "dist", "tools", "plan.js");
    // A worktree of HEAD for the cold compile, and an empty cache for each of its runs.
    const worktree = join(dir, "worktree");
    execFileSync("git", ["worktree", "add", "--detach", "--quiet", worktree, "HEAD"], { cwd: ROOT });
    execFileSync("ln", ["-s", join(ROOT, "node_modules"), join(worktree, "node_modules")]);
    const cache = join(dir, "cache");
    const [bare, dev, big, against, compile] = time([
      { name: "bare load", args: ["-e", LIBRARIES.map((l) => `require(${JSON.stringify(l)})`).join(";")], okCodes: [0] },
      { name: "dev plan", args: [plan, "--stack", "dev"], okCodes: [0, 1] },
      { name: "100 models / 20 pools", args: [plan, "--config", large], okCodes: [0, 1] },
      { name: "dev --against HEAD", args: [plan, "--stack", "dev", "--against", "HEAD"], okCodes: [0, 1] },
      {
        name: "compile HEAD, no reuse",
        args: [join(ROOT, "dist", "tools", "plan", "transpile.js"), worktree, "--cache", cache],
        okCodes: [0],
        before: () => rmSync(cache, { recursive: true, force: true }),
      },
    ]);
    console.log(`median of ${RUNS} interleaved runs (after one warm-up each), wall time per process:`);
    for (const t of [bare, dev, big, against, compile]) console.log(`  ${t.name.padEnd(24)} ${t.median.toFixed(0).padStart(6)} ms   (min ${t.min.toFixed(0)}, max ${t.max.toFixed(0)})`);
    const r1 = dev.median / bare.median;
    const r2 = big.median / dev.median;
    const r3 = against.median / dev.median;
    console.log(`  dev plan / bare load        ${r1.toFixed(2)}x   target ≤ 2x   ${r1 <= 2 ? "ok" : "MISSED"}`);
    console.log(`  100-model plan / dev plan   ${r2.toFixed(2)}x   target ≤ 3x   ${r2 <= 3 ? "ok" : "MISSED"}`);
    console.log(`  --against HEAD / dev plan   ${r3.toFixed(2)}x   target ≤ 3x   ${r3 <= 3 ? "ok" : "MISSED"}`);
    console.log(`  (a revision that shares no file with dist/ or the cache adds about ${(compile.median / 1000).toFixed(1)} s of compiling to --against)`);
    return r1 <= 2 && r2 <= 3 && r3 <= 3 ? 0 : 1;
  } finally {
    try {
      execFileSync("git", ["worktree", "remove", "--force", join(dir, "worktree")], { cwd: ROOT, stdio: "ignore" });
    } catch {
      /* not created */
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exit(main());
