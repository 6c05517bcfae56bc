/**
 * The Kubernetes path end to end: the manifests the components render for examples/k8s-dev.yaml,
 * registered as @pulumi/kubernetes resources would be (inputs = the manifest), pass the pack in
 * every environment; breaking one of them is caught.
 */
import { join } from "node:path";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { splitRawConfig } from "../../config/load";
import type { StackConfig } from "../../config/schema";
import { validateStackConfig } from "../../config/validate";
import { runPolicies } from "../../policies/harness";
import type { RecordedResource } from "../../tools/mockRun";
import { readStackFile } from "../../tools/plan/stackFile";
import { res } from "./fixtures";

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: { template?: { spec?: { containers?: Record<string, unknown>[] } } };
}

let config: StackConfig;
let manifests: Manifest[];
beforeAll(() => {
  const file = readStackFile(join(__dirname, "..", "..", "examples", "k8s-dev.yaml"), "k8s-dev");
  const validated = validateStackConfig(splitRawConfig(file.config, (k) => file.secretKeys.includes(k)).raw);
  if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
  config = validated.config;
  manifests = renderKubernetesManifests(config) as Manifest[];
});

/** `apps/v1` + `Deployment` → `kubernetes:apps/v1:Deployment` (core group: `kubernetes:core/v1:…`). */
function asResource(m: Manifest): RecordedResource {
  const [group, version] = m.apiVersion.includes("/") ? m.apiVersion.split("/") : ["core", m.apiVersion];
  return res(`kubernetes:${group}/${version}:${m.kind}`, `${m.kind.toLowerCase()}-${m.metadata.name}`, structuredClone(m) as unknown as Record<string, unknown>);
}

test.each(["dev", "staging", "prod"] as const)("the k8s-dev example's manifests pass the pack in %s", async (environment) => {
  const resources = manifests.map(asResource);
  // Guard against a vacuous pass: the pack must see GPU model servers and claims.
  expect(resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment").length).toBeGreaterThan(0);
  expect(resources.some((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim")).toBe(true);
  expect(resources.some((r) => JSON.stringify(r.inputs).includes('"nvidia.com/gpu":'))).toBe(true);
  expect(await runPolicies(resources, { environment, stackConfig: { ...config, environment } })).toEqual([]);
});

test("a model server without probes or non-root context is caught", async () => {
  const resources = manifests.map(asResource);
  const i = resources.findIndex((r) => r.type === "kubernetes:apps/v1:Deployment");
  const broken = structuredClone(resources[i].inputs) as unknown as Manifest;
  const c = broken.spec!.template!.spec!.containers![0];
  delete c.readinessProbe;
  delete c.livenessProbe;
  delete c.startupProbe;
  c.securityContext = { runAsUser: 0 };
  resources[i] = { ...resources[i], inputs: broken as unknown as Record<string, unknown> };
  const out = await runPolicies(resources, { environment: "prod", stackConfig: config });
  expect(out.map((v) => [v.policy, v.resourceName])).toEqual([
    ["k8s-probes", resources[i].name],
    ["k8s-non-root", resources[i].name],
  ]);
});
