/**
 * docs/config-kubernetes.md is generated from the zod schemas' descriptions: it must equal what the
 * generator renders now (else: `npm run docs:config`), name every key, and say what each one does;
 * the validator's hint for a misspelled Kubernetes key points at it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kubernetesCostSchema, kubernetesSchema, modelKubernetesSchema } from "../../config/kubernetes";
import { validateStackConfig } from "../../config/validate";
import { KUBERNETES_REFERENCE_FILE, referenceRows, renderKubernetesReference } from "../../tools/configReference";

const ROOT = join(__dirname, "..", "..");

test("the committed reference is what the schemas render (run `npm run docs:config` after changing a key)", () => {
  expect(readFileSync(join(ROOT, KUBERNETES_REFERENCE_FILE), "utf8")).toBe(renderKubernetesReference());
});

test("every key, top-level and nested, has a row with a description; the previously undocumented ones included", () => {
  const rows = [...referenceRows(kubernetesSchema, "kubernetes"), ...referenceRows(modelKubernetesSchema, "models[].kubernetes"), ...referenceRows(kubernetesCostSchema, "cost.kubernetes")];
  const paths = rows.map((r) => r.path);
  for (const k of Object.keys(kubernetesSchema.shape)) expect(paths).toContain(`kubernetes.${k}`);
  for (const k of Object.keys(modelKubernetesSchema.shape)) expect(paths).toContain(`models[].kubernetes.${k}`);
  for (const k of Object.keys(kubernetesCostSchema.shape)) expect(paths).toContain(`cost.kubernetes.${k}`);
  for (const p of ["kubernetes.networkPolicy.internetEgress", "kubernetes.modelCache.accessMode", "kubernetes.networkPolicy.downloadEgress[].ports", "kubernetes.gpu.presets.<name>.memoryGiB", "kubernetes.ingestion.sources[].textColumns"]) {
    expect(paths).toContain(p);
  }
  const undocumented = rows.filter((r) => r.description.replace(/^\(\w+: "[^"]+"\) /, "").trim() === "").map((r) => r.path);
  expect(undocumented).toEqual([]);
  // Defaults come from the schema itself where it has one, so a changed default changes the reference.
  const accessMode = rows.find((r) => r.path === "kubernetes.modelCache.accessMode")!;
  expect(accessMode.default).toBe('`"ReadWriteMany"`');
  expect(accessMode.type).toBe('"ReadWriteOnce" \\| "ReadWriteMany" \\| "ReadWriteOncePod"');
});

test("the validator's hint for a misspelled Kubernetes key points at the reference", () => {
  const r = validateStackConfig({ kubernetes: { modelCache: { acessMode: "ReadWriteOnce" } }, models: [{ name: "Q", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, kubernetes: { cpu: true, replica: 2 } }] });
  expect(r.ok).toBe(false);
  const issues = r.ok ? [] : r.issues.filter((i) => /unknown field/.test(i.message));
  expect(issues.map((i) => [i.path, i.hint])).toEqual([
    ["llmstack:kubernetes.modelCache.acessMode", expect.stringContaining("docs/config-kubernetes.md")],
    ["llmstack:models[0].kubernetes.replica", expect.stringContaining("docs/config-kubernetes.md")],
  ]);
  expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("(docs/config-kubernetes.md)");
  expect(readFileSync(join(ROOT, "components", "kubernetes", "README.md"), "utf8")).toContain("docs/config-kubernetes.md");
});
