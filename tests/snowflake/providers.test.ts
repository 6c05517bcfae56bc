/**
 * The program's provider configuration is valid for the pinned @pulumi/snowflake (terraform-provider-snowflake
 * v1.2.1) and for the llmstack provider alike: preview feature names (C1) and authentication (C4, C5).
 */
import { join } from "node:path";
import { runPlan } from "../../tools/plan/run";
import { readStackFile, type StackFile } from "../../tools/plan/stackFile";
import { PREVIEW_FEATURE_OF_TYPE, PREVIEW_FEATURES, TF_V1_2_1_PREVIEW_FEATURES } from "../../components/snowflake/previewFeatures";

const ROOT = join(__dirname, "..", "..");
const dev = readStackFile(join(ROOT, "Pulumi.dev.yaml"), "dev");
const withConfig = (extra: Record<string, string>, secretKeys: string[] = []): StackFile => ({
  ...dev,
  config: { ...dev.config, ...extra },
  secretKeys: [...dev.secretKeys, ...secretKeys],
});

async function resources(stack: StackFile) {
  const run = await runPlan(stack);
  if (!run.ok) throw new Error(JSON.stringify(run.issues));
  return run.resources;
}

test("every snowflake.Provider enables only preview features terraform-provider-snowflake v1.2.1 knows, and each gated resource's feature", async () => {
  const rs = await resources(dev);
  const providers = rs.filter((r) => r.type === "pulumi:providers:snowflake");
  expect(providers.length).toBe(3);
  const gatedTypes = new Set(rs.map((r) => r.type).filter((t) => t in PREVIEW_FEATURE_OF_TYPE));
  expect([...gatedTypes].sort()).toEqual(Object.keys(PREVIEW_FEATURE_OF_TYPE).sort());
  for (const p of providers) {
    const enabled = JSON.parse(String(p.inputs.previewFeaturesEnabled)) as string[];
    expect(enabled.filter((f) => !TF_V1_2_1_PREVIEW_FEATURES.includes(f))).toEqual([]);
    for (const t of gatedTypes) expect(enabled).toContain(PREVIEW_FEATURE_OF_TYPE[t]);
  }
  expect(PREVIEW_FEATURES.every((f) => TF_V1_2_1_PREVIEW_FEATURES.includes(f))).toBe(true);
});

test("a key pair in snowflake:* config makes both providers use SNOWFLAKE_JWT explicitly (@pulumi/snowflake does not infer it)", async () => {
  const rs = await resources(withConfig({ "snowflake:privateKey": "pem" }, ["snowflake:privateKey"]));
  const auth = rs.filter((r) => r.type === "pulumi:providers:snowflake" || r.type === "pulumi:providers:llmstack").map((r) => r.inputs.authenticator);
  expect(auth.length).toBe(6);
  expect(new Set(auth)).toEqual(new Set(["SNOWFLAKE_JWT"]));
});

test.each([
  ["PROGRAMMATIC_ACCESS_TOKEN", { "snowflake:authenticator": "PROGRAMMATIC_ACCESS_TOKEN" }, /snowflake:authenticator .*PROGRAMMATIC_ACCESS_TOKEN.*snowflake:password with authenticator SNOWFLAKE/],
  ["the driver's MFA spelling", { "snowflake:authenticator": "USERNAME_PASSWORD_MFA" }, /use USERNAMEPASSWORDMFA/],
  ["a key file only llmstack reads", { "snowflake:privateKeyPath": "/keys/k.p8" }, /snowflake:privateKeyPath is read only by the llmstack provider/],
  ["a URL as host", { "snowflake:host": "http://127.0.0.1:8080" }, /snowflake:host or SNOWFLAKE_HOST must be a host name.*snowflake:protocol/],
])("refuses %s before any resource exists", async (_name, extra, message) => {
  await expect(runPlan(withConfig(extra))).rejects.toThrow(message);
});
