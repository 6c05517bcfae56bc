/**
 * `npm run plan`: the offline plan of a stack — no credentials, no Pulumi CLI.
 *
 *   npm run plan -- [--stack NAME | --config FILE] [--format text|markdown|json] [--out DIR]
 *                   [--baseline PLAN.json | --against GIT_REF]
 *
 * Exit codes: 0 planned, no mandatory policy violated; 1 a mandatory policy is violated;
 * 2 invalid config, bad arguments or a program error (the message names the field).
 *
 * Argument parsing and exit codes only: the work is in tools/plan/command.ts, loaded lazily so a
 * usage error costs nothing.
 */
import { basename, resolve } from "node:path";
import type { Format, Io, PlanArgs } from "./plan/command";

export const EXIT = { ok: 0, policy: 1, invalid: 2 } as const;

const USAGE =
  "usage: npm run plan -- [--stack NAME | --config FILE] [--format text|markdown|json] [--out DIR] [--baseline PLAN.json | --against GIT_REF]";

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], cwd = process.cwd()): PlanArgs {
  let stack: string | undefined;
  let configFile: string | undefined;
  let format: Format = "text";
  let out: string | undefined;
  let baseline: string | undefined;
  let against: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "--stack") stack = value();
    else if (a === "--config") configFile = value();
    else if (a === "--format") {
      const f = value();
      if (f !== "text" && f !== "json" && f !== "markdown") throw new UsageError(`--format must be text, markdown or json, got ${f}`);
      format = f;
    } else if (a === "--out") out = resolve(cwd, value());
    else if (a === "--baseline") baseline = resolve(cwd, value());
    else if (a === "--against") against = value();
    else throw new UsageError(`unknown argument ${a}`);
  }
  if (baseline && against) throw new UsageError("give --baseline or --against, not both");
  const common = { format, cwd, ...(out ? { out } : {}), ...(baseline ? { baseline } : {}), ...(against ? { against } : {}) };
  if (configFile) {
    const m = /^Pulumi\.(.+)\.yaml$/.exec(basename(configFile));
    return { stack: stack ?? m?.[1] ?? "dev", configFile: resolve(cwd, configFile), ...common };
  }
  const s = stack ?? "dev";
  return { stack: s, configFile: resolve(cwd, `Pulumi.${s}.yaml`), ...common };
}

const stdio: Io = {
  out: (s) => process.stdout.write(s + "\n"),
  note: (s) => process.stderr.write(s + "\n"),
};

export async function main(argv: readonly string[], io: Io = stdio, cwd = process.cwd()): Promise<number> {
  let args: PlanArgs;
  try {
    args = parseArgs(argv, cwd);
  } catch (e) {
    io.out(`${USAGE}\n${(e as Error).message}`);
    return EXIT.invalid;
  }
  try {
    const { executePlan } = await import("./plan/command");
    return await executePlan(args, io);
  } catch (e) {
    // A program error (a component refusing its args, a ConfigError) names its cause: no stack trace noise.
    io.out(`plan failed: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.invalid;
  }
}

if (require.main === module) {
  // The Pulumi runtime captures a stack trace for every promise it makes (runtime/debuggable.ts),
  // only to report leaked promises; the plan prints messages, never stacks. Capturing none cuts the
  // 100-model plan by about a third (measured with npm run bench:plan). LLMSTACK_PLAN_STACKS=1 keeps them.
  if (process.env.LLMSTACK_PLAN_STACKS !== "1") Error.stackTraceLimit = 0;
  // Exit only once stdout is flushed: a pipe takes 64 KiB at a time, and process.exit() would cut a
  // large plan short. A write's callback runs after every earlier write has been handed over.
  const exit = (code: number) => process.stdout.write("", () => process.exit(code));
  main(process.argv.slice(2)).then(exit, (e) => {
    process.stdout.write(`plan failed: ${e instanceof Error ? e.message : String(e)}\n`);
    exit(EXIT.invalid);
  });
}
