/**
 * Every manifest the platform renders, against a REAL kube-apiserver (Kubernetes 1.36, etcd 3.6, on loopback,
 * tools/engine/start-kube.sh): server-side apply with dry-run (all admission runs, nothing is stored) and strict
 * field validation, into a namespace that enforces the `restricted` Pod Security level. Pod Security admission
 * enforces on Pods only (workload objects get warnings), so each pod template is also dry-run created as a Pod
 * (https://kubernetes.io/docs/concepts/security/pod-security-admission/#workload-resources-and-pod-templates).
 *
 * Rendered from the current code (components/kubernetes/manifests), never from fixtures: every stack file in
 * examples/ and at the root that has a Kubernetes path, and the prod variant tests/kubernetes renders.
 */
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { podSecurityLevel } from "../../components/kubernetes/manifests/core";
import { planKubernetesPlatform } from "../../components/kubernetes/manifests/plan";
import type { StackConfig } from "../../config/schema";
import { wantsKubernetes } from "../../program";
import { find, podSpecs, type Obj } from "../kubernetes/support/manifests";
import { parseValid, rawStackConfig, variantConfig } from "../kubernetes/support/stack";
import { serverSideApply, type ApplyResult } from "./support/kubeApply";
import { startKube, type Running } from "./support/servers";
import { REPO } from "./support/tools";

/** Stack files (examples/*.yaml, Pulumi.*.yaml) whose config has a Kubernetes path, plus the prod variant. */
function kubernetesStacks(): [string, () => StackConfig][] {
  const files = [
    ...readdirSync(path.join(REPO, "examples")).filter((f) => f.endsWith(".yaml")).map((f) => path.join("examples", f)),
    ...readdirSync(REPO).filter((f) => /^Pulumi\..+\.yaml$/.test(f)),
  ];
  const stacks = files
    .map((f): [string, StackConfig] => [f, parseValid(rawStackConfig(path.join(REPO, f)))])
    .filter(([, c]) => wantsKubernetes(c))
    .map(([f, c]): [string, () => StackConfig] => [f, () => c]);
  return [...stacks, ["the prod variant of tests/kubernetes (createNamespace: false, root UI)", variantConfig]];
}

const namespaced = (objs: Obj[]) => objs.find((o) => o.metadata?.namespace)!.metadata.namespace as string;

/** A namespace created for real, enforcing `level` (pod-security.kubernetes.io labels, Kubernetes docs above). */
function psaNamespace(name: string, level: string): Obj {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "pod-security.kubernetes.io/enforce": level, "pod-security.kubernetes.io/enforce-version": "latest" } } };
}

/**
 * Each workload's pod template as the Pod its controller would create. A StatefulSet's controller adds a volume per
 * volumeClaimTemplate, claim `<template>-<set>-<ordinal>` (kubernetes/kubernetes@v1.36.3:pkg/controller/statefulset/
 * stateful_set_utils.go, updateStorage and getPersistentVolumeClaimName).
 */
function templatePods(objs: Obj[], namespace: string): Obj[] {
  return objs
    .filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind))
    .map((o) => {
      const claims = ((o.kind === "StatefulSet" && o.spec.volumeClaimTemplates) || []) as Obj[];
      const volumes = [
        ...(o.spec.template.spec.volumes ?? []),
        ...claims.map((c) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${o.metadata.name}-0` } })),
      ];
      return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `${o.kind}-${o.metadata.name}-pod`.toLowerCase(), namespace, labels: o.spec.template.metadata?.labels },
        spec: { ...o.spec.template.spec, ...(volumes.length > 0 ? { volumes } : {}) },
      };
    });
}

/** Cluster-scoped things the stack refers to but expects the cluster to have (GPU operator, admins). */
function clusterPrerequisites(objs: Obj[]): Obj[] {
  const specs = podSpecs(objs).map((p) => p.spec);
  const priority = [...new Set(specs.map((s) => s.priorityClassName).filter(Boolean))];
  const runtime = [...new Set(specs.map((s) => s.runtimeClassName).filter(Boolean))];
  return [
    ...priority.map((name) => ({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value: 1000 })),
    ...runtime.map((name) => ({ apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", metadata: { name }, handler: name })),
  ];
}

const refused = (r: readonly ApplyResult[]) => r.filter((x) => !x.ok).map((x) => `${x.kind}/${x.name}: ${x.code} ${x.reason}: ${x.message}`);

let kube: Running & { kubeconfig: string };
beforeAll(() => {
  kube = startKube();
});
afterAll(() => kube?.stop());

describe.each(kubernetesStacks())("%s against a real kube-apiserver", (_, config) => {
  const cfg = config();
  const objs = renderKubernetesManifests(cfg) as Obj[];
  const ns = namespaced(objs);
  const level = podSecurityLevel(planKubernetesPlatform(cfg));

  beforeAll(() => {
    expect(refused(serverSideApply(kube.kubeconfig, [psaNamespace(ns, "restricted"), ...clusterPrerequisites(objs)], { dryRun: false }))).toEqual([]);
  });

  test("every rendered manifest is accepted (server-side apply, dry-run, strict field validation)", () => {
    const results = serverSideApply(kube.kubeconfig, objs, { dryRun: true });
    expect(results.map((r) => `${r.kind}/${r.name}`)).toEqual(objs.map((o) => `${o.kind}/${o.metadata.name}`));
    expect(refused(results)).toEqual([]);
  });

  test("every pod template is admitted as a Pod where the platform's Pod Security level is enforced", () => {
    const pods = templatePods(objs, ns);
    // One Pod per workload, and at least the model server's (a T4 stack with a ReadWriteOnce cache has only that).
    expect(pods.length).toBe(objs.filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind)).length);
    expect(pods.length).toBeGreaterThanOrEqual(1);
    const results = serverSideApply(kube.kubeconfig, pods, { dryRun: true });
    if (level === "restricted") {
      expect(refused(results)).toEqual([]);
      return;
    }
    // A root UI lowers the namespace to baseline (core.ts podSecurityLevel): restricted refuses exactly that pod…
    expect(level).toBe("baseline");
    const ui = results.filter((r) => !r.ok);
    expect(ui.map((r) => r.name)).toEqual(["deployment-open-webui-pod"]);
    expect(ui[0].message).toMatch(/violates PodSecurity "restricted:latest".*runAsNonRoot/);
    // …and baseline admits every pod.
    const base = `${ns}-baseline`;
    expect(refused(serverSideApply(kube.kubeconfig, [psaNamespace(base, "baseline")], { dryRun: false }))).toEqual([]);
    expect(refused(serverSideApply(kube.kubeconfig, templatePods(objs, base), { dryRun: true }))).toEqual([]);
  });
});

describe("the check can fail", () => {
  const objs = renderKubernetesManifests(parseValid(rawStackConfig(path.join(REPO, "examples/k8s-dev.yaml")))) as Obj[];
  const ns = namespaced(objs);
  beforeAll(() => {
    expect(refused(serverSideApply(kube.kubeconfig, [psaNamespace(ns, "restricted")], { dryRun: false }))).toEqual([]);
  });

  test("a misspelled field, a wrong type and an added capability are refused by the real API server", () => {
    const misspelled = structuredClone(find(objs, "Deployment", "mistral"));
    misspelled.spec.template.spec.containers[0].imagePullPolicyy = "Always";
    const wrongType = structuredClone(find(objs, "Service", "minilm"));
    wrongType.spec.ports[0].port = "eighty";
    const [pod] = templatePods([find(objs, "Deployment", "minilm")], ns);
    pod.spec.containers[0].securityContext = { ...pod.spec.containers[0].securityContext, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } };

    const [m, w, p] = serverSideApply(kube.kubeconfig, [misspelled, wrongType, pod], { dryRun: true });
    // Server-side apply builds a typed patch from the schema first, so these fail there (HTTP 500, not 422).
    expect(m).toMatchObject({ ok: false });
    expect(m.message).toMatch(/containers\[name="vllm"\]\.imagePullPolicyy: field not declared in schema/);
    expect(w).toMatchObject({ ok: false });
    expect(w.message).toMatch(/\.port: expected numeric/);
    expect(p).toMatchObject({ ok: false, code: 403 });
    expect(p.message).toMatch(/violates PodSecurity "restricted:latest".*SYS_ADMIN/);
  });
});
