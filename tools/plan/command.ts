/**
 * One `npm run plan` invocation, once the arguments are parsed: plan the stack, read or make the
 * baseline, render, write the outputs, and decide the exit code.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";
import { ConfigError, formatIssues } from "../../config/validate";
import type { Format, PlanArgs } from "./args";
import { buildDocument, type BaselineInput } from "./document";
import { EXIT } from "./exitCodes";
import { assertNoSecrets } from "./guard";
import { serialize, type PlanDocument } from "./json";
import { runPlan } from "./run";
import { readStackFile } from "./stackFile";
import type { StateBaseline } from "./state";

export type { Format, PlanArgs };

export interface Io {
  /** The rendered plan (stdout), unless --output names a file. */
  out(text: string): void;
  /** Progress, notes and errors (stderr), kept out of the rendering. */
  note(text: string): void;
}

/** A path as the user would write it: relative to where they are when it is below, else absolute. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

async function render(doc: PlanDocument, format: Format): Promise<string> {
  if (format === "json") return serialize(doc);
  if (format === "markdown") return (await import("./markdown")).renderMarkdown(doc);
  return (await import("./text")).renderText(doc) + "\n";
}

/** The exit code: 1 for a mandatory violation first, then the opt-in gate's 3. */
export function exitCodeOf(doc: PlanDocument, failOnDestructiveGpu: boolean): number {
  if (doc.exitCode === EXIT.policy) return EXIT.policy;
  if (failOnDestructiveGpu && doc.destructiveGpuChanges.length > 0) return EXIT.destructiveGpu;
  return EXIT.ok;
}

export async function executePlan(args: PlanArgs, io: Io): Promise<number> {
  const shown = (p: string) => shownPath(p, args.cwd);
  if (!existsSync(args.configFile)) {
    io.note(`no stack file ${shown(args.configFile)}: pass --stack NAME (reads Pulumi.NAME.yaml of the project) or --config FILE`);
    return EXIT.invalid;
  }
  for (const [flag, file] of [["--baseline", args.baseline], ["--state", args.state]] as const) {
    if (file && !existsSync(file)) {
      io.note(`no ${flag} file ${shown(file)}: ${flag === "--baseline" ? "pass a plan.json written by --format json, --output or --out" : "pass a checkpoint written by `pulumi stack export --file FILE`"}`);
      return EXIT.invalid;
    }
  }
  // Loaded only when used (child_process, the checkpoint reader, the artifact writers): the plain plan stays lean.
  let baseline: BaselineInput | Promise<BaselineInput> | undefined;
  if (args.baseline) baseline = (await import("./against")).readBaselineFile(args.baseline, shown(args.baseline));
  if (args.state) baseline = (await import("./state")).readCheckpointFile(args.state, { stack: args.stack, shown: shown(args.state) });
  // The other revision is planned in another process, at the same time as this one.
  if (args.against) baseline = (await import("./against")).planAtRevision(args.against, { stackFile: args.configFile, stack: args.stack, cwd: args.cwd, log: io.note });
  // A rejected baseline is reported once, after this plan: mark it handled now.
  if (baseline instanceof Promise) baseline.catch(() => undefined);

  let stackFile;
  try {
    stackFile = readStackFile(args.configFile, args.stack, shown(args.configFile));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.note(formatIssues(e.issues));
    return EXIT.invalid;
  }
  // Against a checkpoint, the run itself needs it: unchanged resources pass on their recorded outputs.
  const run = await runPlan(stackFile, args.state ? { deployed: (await baseline) as StateBaseline } : {});
  if (!run.ok) {
    io.note(formatIssues(run.issues));
    return EXIT.invalid;
  }
  const base = await baseline;
  if (base?.stack && base.stack !== args.stack) {
    io.note(`note: the baseline is of stack ${base.stack}, this is ${args.stack}: URNs name the stack, so nothing will match (pass --stack ${base.stack})`);
  }
  const doc = await buildDocument(run, base);
  const text = assertNoSecrets(await render(doc, args.format), "the plan");
  if (args.output) {
    mkdirSync(dirname(args.output), { recursive: true });
    writeFileSync(args.output, text);
    io.note(`wrote the ${args.format} plan to ${shown(args.output)}`);
  } else io.out(text.replace(/\n$/, ""));
  if (args.out) {
    const files = await (await import("./artifacts")).writeArtifacts(args.out, doc, run.config);
    io.note(`wrote ${files.length} files to ${shown(args.out)}: ${files.join(", ")}`);
  }
  return exitCodeOf(doc, args.failOnDestructiveGpu);
}
