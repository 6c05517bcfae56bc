/**
 * A throw-away Pulumi workspace for one stack, run by the REAL pulumi CLI (tools/engine/build.sh): a temporary
 * `file://` backend and PULUMI_HOME, the conventional test passphrase, no update check, no plugin downloads (a missing
 * plugin is an error), local plugins only: llmstack through Pulumi.yaml's `plugins.providers` (the repository's own
 * entry, its path made absolute), the test doubles of tests/engine/doubles/bin through $PATH (the engine's ambient
 * lookup), and the policy pack through tools/engine/bin/llmstack-policy-pack. Offline settings as pulumi/pulumi's own
 * integration tests use them (pkg/testing/integration: MakeTempBackend, "correct horse battery staple").
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import type { DriverRequest, DriverResult } from "./engineDriver";
import { engineBin, REPO } from "./tools";

export const POLICY_PACK = path.join(REPO, "tools/engine/bin/llmstack-policy-pack");
const DRIVER = path.join(REPO, "dist/tests/engine/support/engineDriver.js");

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; okCodes?: number[] }): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60 * 1000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      if (err && !(opts.okCodes ?? [0]).includes(code)) reject(new Error(`${cmd} ${args.join(" ")}: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    }),
  );
}

export interface Workspace {
  readonly dir: string;
  /** The project directory: the program's working directory under the engine. */
  readonly workDir: string;
  readonly stack: string;
  /** Where the doubles record their calls (JSON lines). */
  readonly doublesLog: string;
  /** The state directory of the file:// backend. */
  readonly stateDir: string;
  /** Plaintext values of the secrets set with `pulumi config set --secret`. */
  readonly secrets: Record<string, string>;
  readonly stackFile: string;
  op(op: DriverRequest["op"], extra?: Partial<DriverRequest>): Promise<DriverResult>;
  pulumi(...args: string[]): Promise<string>;
  remove(): void;
}

/**
 * `stackFile` copied to a fresh workspace as Pulumi.<stack>.yaml, with `secrets` set as Pulumi secrets; `extraEnv`
 * goes to the engine and so to the plugins it starts.
 */
export async function workspace(stackFile: string, stack: string, secrets: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<Workspace> {
  const dir = mkdtempSync(path.join(tmpdir(), "llmstack-engine-"));
  const work = path.join(dir, "work");
  const stateDir = path.join(dir, "state");
  mkdirSync(work);
  mkdirSync(stateDir);
  const project = parse(readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as { main: string; plugins: { providers: { name: string; path: string }[] } };
  project.main = path.join(REPO, project.main);
  for (const p of project.plugins.providers) p.path = path.resolve(REPO, p.path);
  writeFileSync(path.join(work, "Pulumi.yaml"), stringify(project));
  const file = path.join(work, `Pulumi.${stack}.yaml`);
  copyFileSync(stackFile, file);

  const doublesLog = path.join(dir, "doubles.jsonl");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [path.dirname(engineBin("pulumi")), path.join(REPO, "tests/engine/doubles/bin"), process.env.PATH].join(path.delimiter),
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    LLMSTACK_DOUBLES_LOG: doublesLog,
    ...extraEnv,
  };
  const pulumi = (...args: string[]) => run(engineBin("pulumi"), [...args, "--stack", stack, "--non-interactive"], { cwd: work, env });
  await run(engineBin("pulumi"), ["stack", "init", stack, "--non-interactive"], { cwd: work, env });
  for (const [k, v] of Object.entries(secrets)) await pulumi("config", "set", "--secret", k, v);

  return {
    dir,
    workDir: work,
    stack,
    doublesLog,
    stateDir,
    secrets,
    stackFile: file,
    pulumi,
    async op(op, extra = {}) {
      const req: DriverRequest = { op, workDir: work, stack, ...extra };
      const out = await run(process.execPath, [DRIVER, JSON.stringify(req)], { cwd: work, env });
      return JSON.parse(out.trim().split("\n").pop()!) as DriverResult;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The offline plan (`npm run plan -- --config FILE --stack NAME --format json`) of the same stack file; diffed against
 * a saved plan.json (`--baseline`) or a `pulumi stack export` checkpoint (`--state`) when given. `cwd` is the
 * program's working directory (default the repository, as `npm run plan` has it): pass the engine's project directory
 * when comparing with what the engine recorded, as paths the program makes relative (the gateway's build context)
 * are relative to it.
 */
export async function offlinePlan(stackFile: string, stack: string, against: { baseline?: string; state?: string; cwd?: string } = {}): Promise<PlanJson> {
  const args = ["--config", stackFile, "--stack", stack, "--format", "json"];
  if (against.baseline) args.push("--baseline", against.baseline);
  if (against.state) args.push("--state", against.state);
  const out = await run(process.execPath, [path.join(REPO, "dist/tools/plan.js"), ...args], { cwd: against.cwd ?? REPO, env: process.env, okCodes: [0, 1] });
  return JSON.parse(out) as PlanJson;
}

/** The parts of the plan's JSON (tools/plan/json.ts PlanDocument) the engine tier compares. */
export interface PlanJson {
  readonly assumedSecrets: string[];
  readonly steps: { op: string; urn: string; newState?: { type: string }; diffReasons?: string[]; replaceReasons?: string[] }[];
  readonly policies: { policy: string; level: string; resourceUrn?: string }[];
  readonly exitCode: number;
}

/**
 * A resource's identity for comparing the engine with the plan: its qualified type and name (the URN without stack
 * and project). The plan's mock runner makes URNs as the engine does (tools/mockRun.ts engineUrn), so a grandchild
 * is `llmstack:snowflake:Platform$llmstack:snowflake:ComputePool$llmstack:spcs:ComputePool::name` on both sides.
 */
export function resourceKey(urn: string | undefined): string {
  const key = urn?.split("::").slice(2).join("::");
  // A stack policy's result: the engine names the stack resource, the plan names no resource.
  return !key || key.startsWith("pulumi:pulumi:Stack::") ? "(stack)" : key;
}

/** Random values for the secret keys the stack file leaves unset (the plan assumes placeholders for them). */
export function secretsFor(plan: PlanJson): Record<string, string> {
  return Object.fromEntries(plan.assumedSecrets.map((k) => [k, `plaintext-${k.split(":")[1]}-${randomBytes(12).toString("hex")}`]));
}

export const sortedLines = (xs: string[]) => [...xs].sort();

/** The engine's steps without what only a real engine has: the stack resource and default providers. */
export const comparableSteps = (r: DriverResult) =>
  r.steps.filter((s) => s.type !== "pulumi:pulumi:Stack" && !(s.type.startsWith("pulumi:providers:") && s.urn.split("::").pop()!.startsWith("default")));
