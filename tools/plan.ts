/**
 * `npm run plan`: the offline plan of a stack — no credentials, no Pulumi CLI.
 *
 *   npm run plan -- [--stack NAME | --config FILE] [--format text|json]
 *
 * Exit codes: 0 planned; 2 invalid config or program error (the message names the field).
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { formatIssues } from "../config/validate";
import { runPlan } from "./plan/run";
import { readStackFile } from "./plan/stackFile";
import { renderTree } from "./plan/text";

export const EXIT = { ok: 0, policy: 1, invalid: 2 } as const;

interface Args {
  stack: string;
  configFile: string;
  format: "text" | "json";
}

export function parseArgs(argv: string[], cwd = process.cwd()): Args {
  let stack: string | undefined;
  let configFile: string | undefined;
  let format: Args["format"] = "text";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "--stack") stack = value();
    else if (a === "--config") configFile = value();
    else if (a === "--format") {
      const f = value();
      if (f !== "text" && f !== "json") throw new UsageError(`--format must be text or json, got ${f}`);
      format = f;
    } else throw new UsageError(`unknown argument ${a}`);
  }
  if (configFile) {
    const m = /^Pulumi\.(.+)\.yaml$/.exec(basename(configFile));
    return { stack: stack ?? m?.[1] ?? "dev", configFile: resolve(cwd, configFile), format };
  }
  const s = stack ?? "dev";
  return { stack: s, configFile: resolve(cwd, `Pulumi.${s}.yaml`), format };
}

export class UsageError extends Error {}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + "\n")): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    out(`usage: npm run plan -- [--stack NAME | --config FILE] [--format text|json]\n${(e as Error).message}`);
    return EXIT.invalid;
  }
  if (!existsSync(args.configFile)) {
    out(`no stack file ${args.configFile}: pass --stack NAME (reads Pulumi.NAME.yaml) or --config FILE`);
    return EXIT.invalid;
  }
  const run = await runPlan(readStackFile(args.configFile, args.stack));
  if (!run.ok) {
    out(formatIssues(run.issues));
    return EXIT.invalid;
  }
  if (args.format === "json") {
    out(JSON.stringify({ stack: run.stack.stack, resources: run.resources, exports: run.exports }, null, 2));
  } else {
    const custom = run.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length;
    out(`Plan of stack ${run.stack.stack} (offline: no credentials, no Pulumi CLI)`);
    if (run.stack.assumedSecrets.length) out(`assumed set (placeholders): ${run.stack.assumedSecrets.join(", ")}`);
    out("");
    out(renderTree(run.resources));
    out("");
    out(`${custom} resources to create`);
  }
  return EXIT.ok;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      // A program error (e.g. a component refusing its args) names its cause; no stack trace noise.
      process.stdout.write(`plan failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(EXIT.invalid);
    },
  );
}
