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

export interface DriverRequest {
  readonly op: "preview" | "up" | "refresh" | "destroy" | "export";
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
  /** `pulumi stack export` (op export only). */
  readonly deployment?: unknown;
  readonly stdout: string;
}

const REPO = path.resolve(__dirname, "../../../..");

async function run(req: DriverRequest): Promise<DriverResult> {
  const pulumiCommand = await PulumiCommand.get();
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: req.stack, projectName: "llmstack", program: async () => require(path.join(REPO, "dist/index.js")) },
    { workDir: req.workDir, pulumiCommand },
  );
  const steps: DriverResult["steps"] = [];
  const policies: DriverResult["policies"] = [];
  let stdout = "";
  const onEvent = (e: EngineEvent) => {
    const m = e.resourcePreEvent?.metadata;
    if (m) steps.push({ op: m.op, urn: m.urn, type: m.type, diffs: m.diffs, replaces: (m as { replaces?: string[] }).replaces, detailedDiff: m.detailedDiff as DriverResult["steps"][number]["detailedDiff"] });
    const p = e.policyEvent;
    if (p) policies.push({ policy: p.policyName, level: p.enforcementLevel, urn: p.resourceUrn, message: p.message });
  };
  const onOutput = (s: string) => (stdout += s);
  const common = { onEvent, onOutput, color: "never" as const };
  try {
    return await operation(stack, req, common);
  } catch (e) {
    // A refused preview (a mandatory policy, --expect-no-changes) still reports what the engine said.
    return { ok: false, error: e instanceof Error ? e.message : String(e), steps, policies, stdout };
  }
  function collected(extra: Partial<DriverResult>): DriverResult {
    return { ok: true, steps, policies, stdout, ...extra };
  }
  async function operation(stack: Stack, req: DriverRequest, common: { onEvent: typeof onEvent; onOutput: typeof onOutput; color: "never" }): Promise<DriverResult> {
  switch (req.op) {
    case "preview": {
      const r = await stack.preview({ ...common, policyPacks: req.policyPacks, expectNoChanges: req.expectNoChanges, diff: true });
      return collected({ changeSummary: r.changeSummary as Record<string, number> });
    }
    case "up": {
      const r = await stack.up({ ...common, policyPacks: req.policyPacks, expectNoChanges: req.expectNoChanges });
      return collected({ changeSummary: r.summary.resourceChanges as Record<string, number> });
    }
    case "refresh": {
      const r = await stack.refresh({ ...common, expectNoChanges: req.expectNoChanges });
      return collected({ changeSummary: r.summary.resourceChanges as Record<string, number> });
    }
    case "destroy": {
      await stack.destroy(common);
      return collected({});
    }
    case "export":
      return collected({ deployment: await stack.exportStack() });
  }
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
