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

/** Commit shas standing in for pinned revisions (the policies check the form, not the hub). */
const SHA = ["0123456789abcdef0123456789abcdef01234567", "89abcdef0123456789abcdef0123456789abcdef"];

let config: StackConfig;
let manifests: Manifest[];
/** The example with every model pinned to a commit, as a staging or prod copy of it must be. */
let pinned: { config: StackConfig; manifests: Manifest[] };
beforeAll(() => {
  const file = readStackFile(join(__dirname, "..", "..", "examples", "k8s-dev.yaml"), "k8s-dev");
  const validated = validateStackConfig(splitRawConfig(file.config, (k) => file.secretKeys.includes(k)).raw);
  if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
  config = validated.config;
  manifests = renderKubernetesManifests(config) as Manifest[];
  const pinnedConfig = { ...config, models: config.models.map((m, i) => ({ ...m, source: { ...m.source, revision: SHA[i] } })) };
  pinned = { config: pinnedConfig, manifests: renderKubernetesManifests(pinnedConfig) as Manifest[] };
});

/** `apps/v1` + `Deployment` → `kubernetes:apps/v1:Deployment` (core group: `kubernetes:core/v1:…`). */
function asResource(m: Manifest): RecordedResource {
  const [group, version] = m.apiVersion.includes("/") ? m.apiVersion.split("/") : ["core", m.apiVersion];
  return res(`kubernetes:${group}/${version}:${m.kind}`, `${m.kind.toLowerCase()}-${m.metadata.name}`, structuredClone(m) as unknown as Record<string, unknown>);
}

test.each(["dev", "staging", "prod"] as const)("the k8s-dev example's manifests, revisions pinned, pass the pack in %s", async (environment) => {
  const resources = pinned.manifests.map(asResource);
  // Guard against a vacuous pass: the pack must see GPU model servers and claims.
  expect(resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment").length).toBeGreaterThan(0);
  expect(resources.some((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim")).toBe(true);
  expect(resources.some((r) => JSON.stringify(r.inputs).includes('"nvidia.com/gpu":'))).toBe(true);
  expect(await runPolicies(resources, { environment, stackConfig: { ...pinned.config, environment } })).toEqual([]);
});

test("K12: the example as written (revision main) passes in dev, and outside dev each download is refused until pinned", async () => {
  const resources = manifests.map(asResource);
  expect(await runPolicies(resources, { environment: "dev", stackConfig: config })).toEqual([]);
  for (const environment of ["staging", "prod"] as const) {
    const out = await runPolicies(resources, { environment, stackConfig: { ...config, environment } });
    expect(out.map((v) => [v.policy, v.level, v.resourceName])).toEqual(
      resources.filter((r) => r.type === "kubernetes:batch/v1:Job" && r.name.startsWith("job-download-")).map((r) => ["k8s-model-revision-pinned", "mandatory", r.name]),
    );
    expect(out[0].message).toMatch(/revision "main", a branch or tag that can move; set llmstack:models\[\d\]\.source\.revision to the commit sha/);
  }
});

test("a model server without probes or non-root context is caught", async () => {
  const resources = pinned.manifests.map(asResource);
  const i = resources.findIndex((r) => r.type === "kubernetes:apps/v1:Deployment");
  const broken = structuredClone(resources[i].inputs) as unknown as Manifest;
  const c = broken.spec!.template!.spec!.containers![0];
  delete c.readinessProbe;
  delete c.livenessProbe;
  delete c.startupProbe;
  c.securityContext = { runAsUser: 0 };
  resources[i] = { ...resources[i], inputs: broken as unknown as Record<string, unknown> };
  const out = await runPolicies(resources, { environment: "prod", stackConfig: pinned.config });
  expect(out.map((v) => [v.policy, v.resourceName])).toEqual([
    ["k8s-probes", resources[i].name],
    ["k8s-non-root", resources[i].name],
  ]);
});
