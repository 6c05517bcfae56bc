/**
 * `npm run plan`: the offline plan of a stack — no credentials, no Pulumi CLI. `--help` lists the
 * options and exit codes (tools/plan/args.ts, tools/plan/exitCodes.ts).
 *
 * Argument parsing and exit codes only: the work is in tools/plan/command.ts, loaded lazily so a
 * usage error or --help costs nothing.
 */
import type { Io } from "./plan/command";
import { HELP, parseArgs, UsageError, type PlanArgs } from "./plan/args";
import { EXIT } from "./plan/exitCodes";

export { EXIT };

/**
 * Where the user ran the command. npm runs a script in the package root and puts the directory it
 * was started from in INIT_CWD (https://docs.npmjs.com/cli/v10/commands/npm-run-script#description;
 * npm sets it afresh for each `npm run`, npm/cli#3575), so relative paths mean what the user typed.
 */
export function userCwd(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return env.npm_lifecycle_event === "plan" && env.INIT_CWD ? env.INIT_CWD : cwd;
}

const stdio: Io = {
  out: (s) => process.stdout.write(s + "\n"),
  note: (s) => process.stderr.write(s + "\n"),
};

export async function main(argv: readonly string[], io: Io = stdio, cwd = userCwd()): Promise<number> {
  let args: PlanArgs;
  try {
    const parsed = parseArgs(argv, cwd);
    if ("help" in parsed) {
      io.out(HELP);
      return EXIT.ok;
    }
    args = parsed;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.note(`${e.message}\n(npm run -s plan -- --help lists the options)`);
    return EXIT.invalid;
  }
  try {
    const { executePlan } = await import("./plan/command");
    return await executePlan(args, io);
  } catch (e) {
    // A program error (a component refusing its args, a ConfigError) names its cause: no stack trace noise.
    io.note(`plan failed: ${e instanceof Error ? e.message : String(e)}`);
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
    process.stderr.write(`plan failed: ${e instanceof Error ? e.message : String(e)}\n`);
    exit(EXIT.invalid);
  });
}
