/**
 * The plan's command line: options, `--help`, and the checks a user expects of a CLI: `--flag=value`,
 * a suggestion for a mistyped flag or stack, and paths relative to where the user ran the command.
 * Parsed by Node's own `util.parseArgs` (https://nodejs.org/docs/latest-v20.x/api/util.html#utilparseargsconfig);
 * we read its tokens to word the errors ourselves.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs as nodeParseArgs } from "node:util";
import { EXIT } from "./exitCodes";
import { closest } from "./suggest";

export type Format = "text" | "markdown" | "json";
export const FORMATS: readonly Format[] = ["text", "markdown", "json"];

export interface PlanArgs {
  readonly stack: string;
  /** Absolute path of the stack file. */
  readonly configFile: string;
  readonly format: Format;
  /** Absolute path the rendering is written to instead of stdout. */
  readonly output?: string;
  /** Absolute directory for plan.json, spcs.sql, specs/, kubernetes/. */
  readonly out?: string;
  /** Absolute path of a plan.json to diff against. */
  readonly baseline?: string;
  /** A git revision to plan and diff against. */
  readonly against?: string;
  /** Absolute path of a `pulumi stack export` checkpoint to diff against. */
  readonly state?: string;
  /** Exit 3 on a destructive GPU change. @default false */
  readonly failOnDestructiveGpu: boolean;
  /** Where the user ran the command: relative paths and `--against` resolve here. */
  readonly cwd: string;
  /** The project directory (holds Pulumi.yaml and the Pulumi.<stack>.yaml files). */
  readonly root: string;
}

interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Placeholder shown in --help for a string option. */
  readonly value?: string;
  readonly help: string;
}

const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  stack: { type: "string", short: "s", value: "NAME", help: "plan Pulumi.NAME.yaml of this project (default: dev)" },
  config: { type: "string", value: "FILE", help: "plan any stack file (stack: --stack, else NAME of Pulumi.NAME.yaml)" },
  format: { type: "string", value: "FORMAT", help: "text (default), markdown (PR comment) or json (docs/plan-schema.md)" },
  output: { type: "string", short: "o", value: "FILE", help: "write the rendering to FILE instead of stdout" },
  out: { type: "string", value: "DIR", help: "also write plan.json, spcs.sql, specs/ and kubernetes/ to DIR" },
  baseline: { type: "string", value: "PLAN.json", help: "diff against a plan.json saved earlier (--format json, or --out)" },
  against: { type: "string", value: "GIT_REF", help: "diff against this stack planned at another git revision" },
  state: { type: "string", value: "FILE", help: "diff against what is deployed: a `pulumi stack export` checkpoint" },
  "fail-on-destructive-gpu": { type: "boolean", help: "exit 3 on a destructive GPU change (see exit codes)" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

export const HELP = `usage: npm run -s plan -- [options]
       node dist/tools/plan.js [options]

The offline plan of a stack: desired state, policy results, cost and, against a baseline, what a
change does. No credentials, no Pulumi CLI. Paths are relative to the directory you run it from.

options:
${Object.entries(OPTIONS)
  .map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.value ? ` ${o.value}` : ""}`;
    return `  ${flag.padEnd(30)}${o.help}`;
  })
  .join("\n")}
  (--flag=value works too; give at most one of --baseline, --against, --state)

exit codes:
  ${EXIT.ok}  planned; no mandatory policy is violated
  ${EXIT.policy}  a mandatory policy is violated (the plan is still printed)
  ${EXIT.invalid}  invalid config, bad arguments, an unreadable file or a program error (the message says which)
  ${EXIT.destructiveGpu}  only with --fail-on-destructive-gpu: a compute pool, service or GPU workload is replaced,
     deleted or updated with downtime (exit 1 and 2 take precedence)

examples:
  npm run -s plan -- --stack dev --against origin/main --format markdown --output plan.md
  npm run -s plan -- --config examples/Pulumi.seed002-qwen.yaml --out plan/
  npm run -s plan -- --stack prod --state prod-checkpoint.json --fail-on-destructive-gpu`;

export class UsageError extends Error {}

/** The directory of Pulumi.yaml, found upwards from this module (dist/tools/plan or tools/plan). */
export function projectRoot(from = __dirname): string {
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, "Pulumi.yaml"))) return d;
    if (dirname(d) === d) return resolve(from, "..", "..");
  }
}

/** Stack names of the `Pulumi.<stack>.yaml` files in `root`, sorted. */
export function stacksIn(root: string): string[] {
  return readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();
}

/** `--stack NAME` names no stack file: say which stacks exist, and the likely one. */
export function unknownStackMessage(stack: string, root: string): string {
  const stacks = stacksIn(root);
  const guess = closest(stack, stacks);
  return [
    `no stack ${stack}: ${join(root, `Pulumi.${stack}.yaml`)} does not exist.`,
    guess ? `Did you mean --stack ${guess}?` : "",
    stacks.length ? `Stacks here: ${stacks.join(", ")}.` : "There is no Pulumi.<stack>.yaml here.",
    "Or pass --config FILE to plan any stack file.",
  ]
    .filter(Boolean)
    .join(" ");
}

/** `{ help: true }` when --help/-h is given, else the parsed arguments. Throws {@link UsageError}. */
export function parseArgs(argv: readonly string[], cwd: string, root = projectRoot()): PlanArgs | { help: true } {
  const config = Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
  const { tokens } = nodeParseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  const errors: string[] = [];
  let afterUnknown = false;
  for (const t of tokens) {
    if (t.kind === "option-terminator") continue;
    if (t.kind === "positional") {
      // Right after an unknown option it is that option's value: the unknown option says it all.
      if (!afterUnknown) errors.push(`unexpected argument ${JSON.stringify(t.value)}: options start with -- (see --help)`);
      afterUnknown = false;
      continue;
    }
    const spec = OPTIONS[t.name];
    afterUnknown = !spec;
    if (!spec) {
      const guess = closest(t.name, Object.keys(OPTIONS));
      errors.push(`unknown option ${t.rawName}${guess ? `: did you mean --${guess}?` : ""}`);
      continue;
    }
    if (spec.type === "boolean") {
      if (t.inlineValue) errors.push(`--${t.name} takes no value (got ${t.rawName}=${t.value})`);
      values[t.name] = true;
    } else if (t.value === undefined || (!t.inlineValue && t.value.startsWith("-"))) {
      errors.push(`--${t.name} needs a value${t.value ? ` (got the option ${t.value}; write --${t.name}=${t.value} if that is the value)` : ""}: --${t.name} ${spec.value}`);
    } else values[t.name] = t.value;
  }
  if (values.help) return { help: true };
  if (errors.length) throw new UsageError(errors.join("\n"));

  const str = (k: string) => values[k] as string | undefined;
  const format = (str("format") ?? "text") as Format;
  if (!FORMATS.includes(format)) {
    const guess = closest(format, FORMATS);
    throw new UsageError(`--format must be text, markdown or json, got ${format}${guess ? ` (did you mean ${guess}?)` : ""}`);
  }
  const against = ["baseline", "against", "state"].filter((k) => values[k] !== undefined);
  if (against.length > 1) throw new UsageError(`give one of --baseline, --against, --state, not ${against.map((k) => `--${k}`).join(" and ")}`);

  const path = (k: string) => (str(k) === undefined ? {} : { [k]: resolve(cwd, str(k)!) });
  const configFile = str("config");
  let stack = str("stack");
  let file: string;
  if (configFile) {
    file = resolve(cwd, configFile);
    stack ??= /^Pulumi\.(.+)\.yaml$/.exec(basename(file))?.[1] ?? basename(file).replace(/\.ya?ml$/, "");
  } else {
    stack ??= "dev";
    file = join(root, `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) throw new UsageError(unknownStackMessage(stack, root));
  }
  return {
    stack,
    configFile: file,
    format,
    ...path("output"),
    ...path("out"),
    ...path("baseline"),
    ...path("state"),
    ...(str("against") !== undefined ? { against: str("against") } : {}),
    failOnDestructiveGpu: values["fail-on-destructive-gpu"] === true,
    cwd,
    root,
  };
}
