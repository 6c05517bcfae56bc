/**
 * One `npm run plan` invocation, once the arguments are parsed: plan the stack, read or make the
 * baseline, render, write the artifacts, and decide the exit code.
 */
import { existsSync } from "node:fs";
import { ConfigError, formatIssues } from "../../config/validate";
import { buildDocument, type BaselineInput } from "./document";
import { assertNoSecrets } from "./guard";
import { serialize } from "./json";
import { runPlan } from "./run";
import { readStackFile } from "./stackFile";

export const EXIT = { ok: 0, policy: 1, invalid: 2 } as const;

export type Format = "text" | "markdown" | "json";

export interface PlanArgs {
  readonly stack: string;
  /** Absolute path of the stack file. */
  readonly configFile: string;
  readonly format: Format;
  readonly out?: string;
  readonly baseline?: string;
  readonly against?: string;
  /** Where the command runs: the repository `--against` looks in. @default the stack file's directory */
  readonly cwd?: string;
}

export interface Io {
  /** The rendered plan (stdout). */
  out(text: string): void;
  /** Progress and notes (stderr), kept out of a JSON stdout. */
  note(text: string): void;
}

export async function executePlan(args: PlanArgs, io: Io): Promise<number> {
  if (!existsSync(args.configFile)) {
    io.out(`no stack file ${args.configFile}: pass --stack NAME (reads Pulumi.NAME.yaml) or --config FILE`);
    return EXIT.invalid;
  }
  let baseline: BaselineInput | undefined;
  if (args.baseline) {
    if (!existsSync(args.baseline)) {
      io.out(`no baseline file ${args.baseline}: pass a plan.json written by --format json or --out`);
      return EXIT.invalid;
    }
    baseline = (await import("./against")).readBaselineFile(args.baseline);
  }
  // The baseline first: it runs in another process and leaves this one's mock state alone.
  // Loaded only when used (child_process, the artifact writers): the plain plan stays lean.
  if (args.against) baseline = await (await import("./against")).planAtRevision(args.against, { stackFile: args.configFile, stack: args.stack, cwd: args.cwd, log: io.note });

  if (baseline?.stack && baseline.stack !== args.stack) {
    io.note(`note: the baseline is a plan of stack ${baseline.stack}, this is ${args.stack}: URNs name the stack, so nothing will match (pass --stack ${baseline.stack})`);
  }
  let stackFile;
  try {
    stackFile = readStackFile(args.configFile, args.stack);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.out(formatIssues(e.issues));
    return EXIT.invalid;
  }
  const run = await runPlan(stackFile);
  if (!run.ok) {
    io.out(formatIssues(run.issues));
    return EXIT.invalid;
  }
  const doc = await buildDocument(run, baseline);
  const text =
    args.format === "json" ? serialize(doc) : args.format === "markdown" ? (await import("./markdown")).renderMarkdown(doc) : (await import("./text")).renderText(doc);
  io.out(assertNoSecrets(text, "the plan").replace(/\n$/, ""));
  if (args.out) {
    const files = await (await import("./artifacts")).writeArtifacts(args.out, doc, run.config);
    io.note(`wrote ${files.length} files to ${args.out}: ${files.join(", ")}`);
  }
  return doc.exitCode;
}
