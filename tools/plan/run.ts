/**
 * Plans a stack offline: validates its config exactly as the program does, then runs the real
 * program in-process under mocks and records the desired state.
 */
import { splitRawConfig } from "../../config/load";
import type { SecretConfigKey } from "../../config/secrets";
import { validateStackConfig, type ConfigIssue } from "../../config/validate";
import type { StackConfig } from "../../config/schema";
import { applyDefaults, validateInputs } from "../../provider/checks";
import { spcsKindOf } from "../../provider/resources";
import { mockRun, type RecordedResource } from "../mockRun";
import { offlineOutputs } from "./offlineOutputs";
import type { StackFile } from "./stackFile";
import type { StateBaseline } from "./state";

export type PlanRun =
  | { ok: false; issues: ConfigIssue[] }
  | { ok: true; stack: StackFile; config: StackConfig; resources: RecordedResource[]; exports: Record<string, unknown> };

/**
 * @param opts.deployed planning against a checkpoint (`--state`): resources the update leaves as
 *   they are hand their dependents the recorded outputs, as under the engine (tools/plan/state.ts).
 */
export async function runPlan(stack: StackFile, opts: { deployed?: StateBaseline } = {}): Promise<PlanRun> {
  const secret = new Set(stack.secretKeys);
  const split = splitRawConfig(stack.config, (k) => secret.has(k));
  const validated = validateStackConfig(split.raw, { stackName: stack.stack });
  const issues = [...split.issues, ...(validated.ok ? [] : validated.issues)];
  if (issues.length > 0 || !validated.ok) return { ok: false, issues };

  const run = await mockRun(
    async () => {
      // Loaded after the mocks exist, as a real `pulumi up` would load the program.
      const pulumi = await import("@pulumi/pulumi");
      const { buildPlatform } = await import("../../program");
      const cfg = new pulumi.Config("llmstack");
      const secrets: Partial<Record<SecretConfigKey, ReturnType<typeof cfg.requireSecret>>> = {};
      for (const k of split.secretKeys) secrets[k] = cfg.requireSecret(k);
      return buildPlatform(validated.config, secrets);
    },
    { stack: stack.stack, config: stack.config, secretKeys: stack.secretKeys, outputsFor: await outputsFor(stack, opts.deployed) },
  );
  // What `pulumi up` would hit first: the provider's own check of every SPCS object's inputs. The
  // config should have refused all of it (config/renderable.ts); this keeps the plan's exit code
  // honest if it did not.
  const refused = providerRefusals(run.resources);
  if (refused.length > 0) return { ok: false, issues: refused };
  return { ok: true, stack, config: validated.config, resources: run.resources, exports: run.exports as Record<string, unknown> };
}

async function outputsFor(stack: StackFile, deployed: StateBaseline | undefined) {
  const standIns = offlineOutputs(stack.config);
  // Loaded only with --state: the plain plan stays lean.
  return deployed ? (await import("./state")).deployedOutputs(deployed, standIns) : standIns;
}

export function providerRefusals(resources: readonly RecordedResource[]): ConfigIssue[] {
  return resources.flatMap((r) => {
    const kind = spcsKindOf(r.type);
    if (!kind) return [];
    return validateInputs(kind, applyDefaults(kind, r.inputs)).map((f) => ({
      path: `${r.type} ${String(r.inputs.name ?? r.name)}${f.property ? `.${f.property}` : ""}`,
      message: `the SPCS provider would refuse it: ${f.reason}`,
      hint: "the stack config should have refused this first: please report it, with the stack file",
    }));
  });
}
