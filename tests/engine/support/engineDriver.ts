/**
 * One Pulumi operation under the REAL pulumi CLI, through the Automation API, in its own Node process (a fresh
 * @pulumi/pulumi runtime per operation, as the language host would give the program).
 *
 * No pulumi-language-nodejs can be built here (tools/engine/build.sh), so the program runs as an Automation API
 * INLINE program: the Node SDK serves the language-host gRPC API in this process and the CLI connects to it
 * (`--client`). The inline program is the real entry point: it requires the compiled dist/index.js, which is what
 * Pulumi.yaml's `main` names.
 *
 * Usage: node engineDriver.js '<DriverRequest JSON>'  → prints a DriverResult JSON line on stdout.
 */
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { REPO } from "./tools";

export interface DriverRequest {
  readonly op: "preview" | "up" | "refresh" | "destroy";
  /** Directory holding Pulumi.yaml and Pulumi.<stack>.yaml. */
  readonly workDir: string;
  readonly stack: string;
  readonly policyPacks?: string[];
  readonly expectNoChanges?: boolean;
}

/** What the tests compare: per-resource steps and policy violations from the engine's events. */
export interface DriverResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly steps: { op: string; urn: string; type: string; diffs?: string[]; replaces?: string[]; detailedDiff?: Record<string, { kind: string }> }[];
  readonly policies: { policy: string; level: string; urn?: string; message: string }[];
  readonly changeSummary?: Record<string, number>;
  readonly stdout: string;
}


type Callbacks = { onEvent: (e: EngineEvent) => void; onOutput: (s: string) => void; color: "never" };

/** The operation itself; what it returns beyond the events. */
async function operation(stack: Stack, req: DriverRequest, cb: Callbacks): Promise<Pick<DriverResult, "changeSummary">> {
  switch (req.op) {
    case "preview":
      return { changeSummary: (await stack.preview({ ...cb, policyPacks: req.policyPacks, expectNoChanges: req.expectNoChanges, diff: true })).changeSummary as Record<string, number> };
    case "up":
      return { changeSummary: (await stack.up({ ...cb, policyPacks: req.policyPacks, expectNoChanges: req.expectNoChanges })).summary.resourceChanges as Record<string, number> };
    case "refresh":
      return { changeSummary: (await stack.refresh({ ...cb, expectNoChanges: req.expectNoChanges })).summary.resourceChanges as Record<string, number> };
    case "destroy":
      await stack.destroy(cb);
      return {};
  }
}

async function run(req: DriverRequest): Promise<DriverResult> {
  const pulumiCommand = await PulumiCommand.get();
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: req.stack, projectName: "llmstack", program: async () => require(path.join(REPO, "dist/index.js")) },
    { workDir: req.workDir, pulumiCommand },
  );
  const steps: DriverResult["steps"] = [];
  const policies: DriverResult["policies"] = [];
  let stdout = "";
  const cb: Callbacks = {
    onEvent: (e) => {
      const m = e.resourcePreEvent?.metadata;
      if (m) steps.push({ op: m.op, urn: m.urn, type: m.type, diffs: m.diffs, replaces: (m as { replaces?: string[] }).replaces, detailedDiff: m.detailedDiff as DriverResult["steps"][number]["detailedDiff"] });
      const p = e.policyEvent;
      if (p) policies.push({ policy: p.policyName, level: p.enforcementLevel, urn: p.resourceUrn, message: p.message });
    },
    onOutput: (s) => (stdout += s),
    color: "never",
  };
  try {
    return { ok: true, steps, policies, stdout, ...(await operation(stack, req, cb)) };
  } catch (e) {
    // A refused operation (a mandatory policy, --expect-no-changes) still reports what the engine said.
    return { ok: false, error: e instanceof Error ? e.message : String(e), steps, policies, stdout };
  }
}

if (require.main === module) {
  const req = JSON.parse(process.argv[2]) as DriverRequest;
  run(req).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: unknown) => {
      process.stdout.write(`${JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e), steps: [], policies: [], stdout: "" })}\n`);
    },
  );
}
