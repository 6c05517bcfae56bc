/**
 * Plans a stack offline: validates its config exactly as the program does, then runs the real
 * program in-process under mocks and records the desired state.
 */
import { splitRawConfig } from "../../config/load";
import type { SecretConfigKey } from "../../config/secrets";
import { validateStackConfig, type ConfigIssue } from "../../config/validate";
import type { StackConfig } from "../../config/schema";
import { mockRun, type RecordedResource } from "../mockRun";
import { offlineOutputs } from "./offlineOutputs";
import type { StackFile } from "./stackFile";

export type PlanRun =
  | { ok: false; issues: ConfigIssue[] }
  | { ok: true; stack: StackFile; config: StackConfig; resources: RecordedResource[]; exports: Record<string, unknown> };

export async function runPlan(stack: StackFile): Promise<PlanRun> {
  const secret = new Set(stack.secretKeys);
  const split = splitRawConfig(stack.config, (k) => secret.has(k));
  const validated = validateStackConfig(split.raw);
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
    { stack: stack.stack, config: stack.config, secretKeys: stack.secretKeys, outputsFor: offlineOutputs(stack.config) },
  );
  return { ok: true, stack, config: validated.config, resources: run.resources, exports: run.exports as Record<string, unknown> };
}
