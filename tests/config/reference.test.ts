/**
 * docs/config-reference.md (every `llmstack:*` key but the Kubernetes path's) is generated from the zod
 * schema's descriptions like docs/config-kubernetes.md: it must equal what the generator renders now
 * (else: `npm run docs:config`), name every key with what it does and its default, and the validator's
 * hint for a misspelled key points at the reference that documents it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kubernetesCostSchema, kubernetesSchema, modelKubernetesSchema } from "../../config/kubernetes";
import { costSchema, imagesSchema, modelSchema, snowflakeSchema, stackConfigSchema } from "../../config/schema";
import { SECRET_CONFIG_KEYS } from "../../config/secrets";
import { validateStackConfig } from "../../config/validate";
import { KUBERNETES_REFERENCE_FILE, STACK_REFERENCE_FILE, STACK_SEE_ELSEWHERE, referenceRows, renderStackReference } from "../../tools/configReference";

const ROOT = join(__dirname, "..", "..");
const stackRows = () => referenceRows(stackConfigSchema, "", STACK_SEE_ELSEWHERE);

test("the committed reference is what the schema renders (run `npm run docs:config` after changing a key)", () => {
  expect(readFileSync(join(ROOT, STACK_REFERENCE_FILE), "utf8")).toBe(renderStackReference());
});

test("every key has a row with a description and a default (or `required`); Kubernetes keys are referred to their own reference", () => {
  const rows = stackRows();
  const paths = rows.map((r) => r.path);
  const keys = (prefix: string, shape: Record<string, unknown>) => Object.keys(shape).map((k) => `${prefix}${k}`);
  for (const p of [
    ...keys("", stackConfigSchema.shape),
    ...keys("snowflake.", snowflakeSchema.shape),
    ...keys("models[].", modelSchema.shape),
    ...keys("images.", imagesSchema.shape),
    ...keys("cost.", costSchema.shape),
    "snowflake.computePools.<name>.instanceFamily",
    "snowflake.services.<name>.containers[].resources.limits.memory",
    "models[].snowflake.function.maxBatchRows",
  ]) {
    expect(paths).toContain(p);
  }
  expect(rows.filter((r) => r.description.trim() === "").map((r) => r.path)).toEqual([]);
  // The Kubernetes keys are not repeated here: their rows point at docs/config-kubernetes.md.
  for (const p of Object.keys(STACK_SEE_ELSEWHERE)) {
    expect(rows.find((r) => r.path === p)?.description).toContain("config-kubernetes.md");
    expect(paths.filter((q) => q.startsWith(`${p}.`))).toEqual([]);
  }
  // A key the user may leave out says what it then is: an optional key without a default in the schema
  // or an `@default` text in its description renders "—" and fails here (in both references).
  const all = [...rows, ...referenceRows(kubernetesSchema, "kubernetes"), ...referenceRows(modelKubernetesSchema, "models[].kubernetes"), ...referenceRows(kubernetesCostSchema, "cost.kubernetes")];
  expect(all.filter((r) => r.default === "—" && !r.path.endsWith("<name>")).map((r) => r.path)).toEqual([]);
  const row = (p: string) => rows.find((r) => r.path === p)!;
  // Defaults come from the schema where zod can show them, so a changed default changes the reference;
  // required keys say so.
  expect(row("snowflake.warehouse.autoSuspendSecs").default).toBe("`60`");
  expect(row("snowflake.computePools.<name>.autoSuspendSecs").default).toBe("`600`");
  expect(row("snowflake.database").default).toBe("required");
  expect(row("models[].source.huggingFaceId").default).toBe("required");
  expect(row("snowflake.cloud").type).toBe('"aws" \\| "azure" \\| "gcp"');
  // Secrets are separate keys: each one is listed, none of them is a key of the schema.
  const text = renderStackReference();
  for (const k of Object.keys(SECRET_CONFIG_KEYS)) expect(text).toContain(`| \`${k}\` |`);
});

test("the validator's hint for a misspelled key names the reference that documents it; the README links both", () => {
  const r = validateStackConfig({
    snowflake: { database: "D", role: { name: "R" }, computePools: { GPU: { instanceFamily: "GPU_NV_S", minNode: 1 } } },
    models: [{ name: "Q", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct", revison: "main" }, kubernetes: { cpu: true } }],
    cost: { creditPrize: 3, kubernetes: { gpuHourPrice: {} } },
  });
  expect(r.ok).toBe(false);
  const issues = r.ok ? [] : r.issues.filter((i) => /unknown field/.test(i.message));
  expect(issues.map((i) => [i.path, i.hint])).toEqual(
    expect.arrayContaining([
      ["llmstack:snowflake.computePools.GPU.minNode", expect.stringContaining(STACK_REFERENCE_FILE)],
      ["llmstack:models[0].source.revison", expect.stringContaining(STACK_REFERENCE_FILE)],
      ["llmstack:cost.creditPrize", expect.stringContaining(STACK_REFERENCE_FILE)],
      ["llmstack:cost.kubernetes.gpuHourPrice", expect.stringContaining(KUBERNETES_REFERENCE_FILE)],
    ]),
  );
  expect(issues).toHaveLength(4);
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  expect(readme).toContain(`(${STACK_REFERENCE_FILE})`);
  expect(readme).toContain(`(${KUBERNETES_REFERENCE_FILE})`);
});
