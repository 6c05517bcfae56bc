/**
 * The rendered manifests, checked as a cluster would check them (OpenAPI schema + no unknown
 * fields), and the GPU and safety facts the issue asks for.
 */
import { VLLM_CPU_IMAGE } from "../../catalog/vllm";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { startupBudgetSecs, STARTUP_MIN_SECS } from "../../components/kubernetes/manifests/modelServer";
import { planKubernetesPlatform } from "../../components/kubernetes/manifests/plan";
import { servingMemory } from "../../config/resolve";
import { KUBERNETES_OPENAPI_VERSION, kubernetesModelsVersion, validateManifests } from "./support/kubeValidate";
import { all, argAfter, containersOf, env, find, podSpecs, type Obj } from "./support/manifests";
import { exampleConfig, parseValid, variantConfig } from "./support/stack";

describe(`manifests validate against the Kubernetes ${KUBERNETES_OPENAPI_VERSION} OpenAPI schema`, () => {
  test.each([
    ["the example stack (seed 004 on T4)", exampleConfig],
    ["a prod variant (per-model cache, 2 GPUs × 2 replicas, mirror, digests, root UI, peers)", variantConfig],
  ])("%s: every object is schema-valid and has no unknown field", (_, cfg) => {
    const objs = renderKubernetesManifests(cfg());
    const results = validateManifests(objs);
    expect(kubernetesModelsVersion()).toBe("5.1.0");
    expect(results).toHaveLength(objs.length);
    const bad = results.filter((r) => r.schemaErrors.length > 0 || r.unknownFields.length > 0);
    expect(bad).toEqual([]);
    const kinds = new Set(results.map((r) => r.kind));
    for (const k of ["ServiceAccount", "Secret", "PersistentVolumeClaim", "NetworkPolicy", "Job", "Deployment", "Service", "PodDisruptionBudget", "StatefulSet", "ConfigMap"]) expect(kinds).toContain(k);
  });

  test("the strict check catches a misspelled key that the OpenAPI validators accept", () => {
    const objs = renderKubernetesManifests(exampleConfig()) as Obj[];
    const dep = structuredClone(find(objs, "Deployment", "mistral"));
    dep.spec.template.spec.containers[0].imagePullPolicyy = "Always";
    const np = structuredClone(find(objs, "NetworkPolicy", "open-webui"));
    np.spec.egress[0].to[0].podSelector.matchLabel = { a: "b" };
    const wrongType = structuredClone(find(objs, "Deployment", "minilm"));
    wrongType.spec.replicas = "two";
    const [d, n, w] = validateManifests([dep, np, wrongType]);
    expect(d.schemaErrors).toEqual([]); // kubernetes-models alone lets it through…
    expect(d.unknownFields).toEqual(["/spec/template/spec/containers/0/imagePullPolicyy"]); // …the strict check does not
    expect(n.unknownFields).toEqual(["/spec/egress/0/to/0/podSelector/matchLabel"]);
    expect(w.schemaErrors.join()).toMatch(/replicas must be integer/);
  });
});

describe("GPU and safety facts", () => {
  const objs = renderKubernetesManifests(exampleConfig()) as Obj[];
  const mistral = find(objs, "Deployment", "mistral");
  const pod = mistral.spec.template.spec;
  const vllm = pod.containers[0];

  test("the L4 server: GPU requests = limits, L4 toleration and product affinity, bf16, no CPU limit", () => {
    expect(vllm.resources.requests["nvidia.com/gpu"]).toBe("1");
    expect(vllm.resources.limits["nvidia.com/gpu"]).toBe("1");
    expect(vllm.resources.limits.memory).toBe(vllm.resources.requests.memory);
    // K8: the API server and tokenizer are not throttled by a CFS quota on the GPU node.
    expect(vllm.resources.limits.cpu).toBeUndefined();
    expect(Number(vllm.resources.requests.cpu)).toBeGreaterThanOrEqual(2);
    expect(pod.tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toContainEqual({ key: "nvidia.com/gpu.product", operator: "In", values: ["NVIDIA-L4"] });
    expect(vllm.command).toEqual(["vllm", "serve"]);
    expect(argAfter(vllm.args, "--dtype")).toBe("bfloat16"); // L4: compute capability 8.9
    expect(argAfter(vllm.args, "--quantization")).toBeUndefined();
    expect(argAfter(vllm.args, "--max-model-len")).toBe("8192");
    expect(env(vllm, "HF_HUB_OFFLINE").value).toBe("1");
    expect(env(vllm, "VLLM_API_KEY").valueFrom.secretKeyRef).toEqual({ name: "llmstack-api-key", key: "api-key" });
  });

  test("the embedding server runs the pinned CPU image in pooling/embed mode, with no GPU and no GPU scheduling", () => {
    const minilm = find(objs, "Deployment", "minilm").spec.template.spec;
    const c = minilm.containers[0];
    expect(c.image).toBe(VLLM_CPU_IMAGE);
    expect(c.args).toEqual(expect.arrayContaining(["--runner", "pooling", "--convert", "embed"]));
    expect(Object.keys(c.resources.limits)).toEqual(["cpu", "memory"]);
    expect(minilm.tolerations).toBeUndefined();
    // K1 (AVX-512 placement by CPU image version) is tested in realCluster.test.ts.
  });

  test("probes on /health with a startup budget that follows the weights' size", () => {
    const plan = planKubernetesPlatform(exampleConfig());
    const m = plan.models.find((x) => x.name === "mistral")!;
    const budget = startupBudgetSecs(m);
    expect(vllm.startupProbe.httpGet.path).toBe("/health");
    expect(vllm.startupProbe.periodSeconds * vllm.startupProbe.failureThreshold).toBe(budget);
    expect(budget).toBeGreaterThanOrEqual(STARTUP_MIN_SECS);
    expect(vllm.readinessProbe.httpGet.path).toBe("/health");
    expect(vllm.livenessProbe.httpGet.path).toBe("/health");
    expect(vllm.livenessProbe.failureThreshold).toBeGreaterThanOrEqual(3);

    // Mistral-7B in bf16 (13.5 GiB of weights) gets a longer budget than Qwen2.5-1.5B (2.9 GiB), from their weights.
    const small = planKubernetesPlatform(
      parseValid({ kubernetes: { gpu: { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }] } }, models: [{ name: "QWEN", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, kubernetes: { gpu: "l4" } }] }),
    ).models[0];
    expect(m.placement.memory.weightsGiB).toBeGreaterThan(3 * small.placement.memory.weightsGiB);
    expect(budget).toBeGreaterThan(startupBudgetSecs(small));
    expect(m.placement.memory).toEqual(servingMemory(m.placement.resolved, 8.9));
  });

  test("graceful shutdown: preStop drain inside a matching termination grace period", () => {
    expect(vllm.lifecycle.preStop.exec.command).toEqual(["sleep", "30"]);
    expect(pod.terminationGracePeriodSeconds).toBe(30 + 90);
  });

  test("/dev/shm is memory-backed with a size limit that the memory limit covers", () => {
    const shm = pod.volumes.find((v: Obj) => v.name === "dshm");
    expect(shm.emptyDir).toEqual({ medium: "Memory", sizeLimit: "2Gi" });
    expect(vllm.volumeMounts).toContainEqual({ name: "dshm", mountPath: "/dev/shm" });
    expect(parseInt(vllm.resources.limits.memory, 10)).toBeGreaterThan(2);
  });

  test("every pod: non-root, no privilege escalation, ALL capabilities dropped, RuntimeDefault seccomp, no SA token, no service links", () => {
    const pods = podSpecs(objs);
    expect(pods.length).toBe(7); // 2 downloads, 2 servers, chroma, ingestion, UI
    for (const { owner, spec } of pods) {
      expect([owner, spec.automountServiceAccountToken]).toEqual([owner, false]);
      expect([owner, spec.enableServiceLinks]).toEqual([owner, false]);
      expect([owner, spec.securityContext?.seccompProfile?.type]).toEqual([owner, "RuntimeDefault"]);
      expect([owner, spec.securityContext?.runAsNonRoot]).toEqual([owner, true]);
      expect(spec.securityContext!.runAsUser).toBeGreaterThan(0);
      for (const c of containersOf(spec)) {
        const sc = c.securityContext!;
        expect([owner, c.name, sc.allowPrivilegeEscalation, sc.privileged, sc.capabilities?.drop, sc.runAsNonRoot]).toEqual([owner, c.name, false, false, ["ALL"], true]);
        expect(c.resources?.limits?.memory).toBeDefined();
      }
    }
    // The vLLM image defaults to root: its writable paths are emptyDirs, the root filesystem is read-only.
    expect(vllm.securityContext.readOnlyRootFilesystem).toBe(true);
    for (const [name, dir] of [["HOME", "/home/vllm"], ["HF_HOME", "/home/vllm/.cache/huggingface"], ["VLLM_CACHE_ROOT", "/home/vllm/.cache/vllm"], ["TRITON_CACHE_DIR", "/home/vllm/.triton"]]) {
      expect(env(vllm, name).value).toBe(dir);
    }
    expect(pod.volumes.filter((v: Obj) => v.emptyDir).map((v: Obj) => v.name)).toEqual(["dshm", "home", "tmp"]);
    expect(pod.securityContext.fsGroup).toBe(10001);
    // The variant deploys into a namespace it does not own: its default-deny selects only the platform's pods.
    const shared = renderKubernetesManifests(variantConfig()) as Obj[];
    expect(shared.some((o) => o.kind === "Namespace")).toBe(false);
    expect(find(shared, "NetworkPolicy", "default-deny").spec.podSelector).toEqual({ matchLabels: { "app.kubernetes.io/part-of": "llmstack" } });
    for (const { labels } of podSpecs(shared)) expect(labels["app.kubernetes.io/part-of"]).toBe("llmstack");
    const ns = find(objs, "Namespace", "llm-rag");
    expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  test("images are pinned, pulled IfNotPresent, and never :latest", () => {
    for (const { spec } of podSpecs(objs)) {
      for (const c of containersOf(spec)) {
        expect(c.image).toMatch(/^[^@]+:[^/:]+$|@sha256:[a-f0-9]{64}$/);
        expect(c.image).not.toMatch(/:latest$/);
        expect(c.imagePullPolicy).toBe("IfNotPresent");
      }
    }
  });

  test("PDBs never block a drain: maxUnavailable 1 and AlwaysAllow for unhealthy pods, also with one replica", () => {
    const pdbs = all(objs, "PodDisruptionBudget");
    expect(pdbs.map((p) => p.metadata.name).sort()).toEqual(["chroma", "minilm", "mistral", "open-webui"]);
    for (const p of pdbs) {
      expect(p.spec).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });
      expect(p.spec.minAvailable).toBeUndefined();
    }
    expect(mistral.spec.replicas).toBe(1);
  });

  test("Chroma 1.x keeps its data under /data, on its own PVC", () => {
    const sts = find(objs, "StatefulSet", "chroma");
    const c = sts.spec.template.spec.containers[0];
    expect(c.image).toMatch(/^chromadb\/chroma:1\./);
    expect(c.volumeMounts).toContainEqual({ name: "data", mountPath: "/data" });
    expect(JSON.stringify(sts)).not.toContain("/chroma/chroma");
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ accessModes: ["ReadWriteOnce"], storageClassName: "standard-rwo", resources: { requests: { storage: "10Gi" } } });
  });

  test("no secret value in any manifest: Secrets are shells, env takes secretKeyRef", () => {
    for (const s of all(objs, "Secret")) {
      expect(s.data).toBeUndefined();
      expect(s.stringData).toBeUndefined();
    }
    const ui = find(objs, "Deployment", "open-webui").spec.template.spec.containers[0];
    expect(env(ui, "WEBUI_SECRET_KEY").valueFrom.secretKeyRef.name).toBe("llmstack-webui-secret");
    // Every env var that carries a key reads it from a Secret: no literal value, not even a $(VAR) reference.
    for (const { spec } of podSpecs(objs)) {
      for (const c of containersOf(spec)) {
        for (const e of c.env ?? []) if (/KEY|TOKEN|SECRET|PASSWORD/.test(e.name)) expect([c.name, e.name, e.value, e.valueFrom?.secretKeyRef?.name]).toEqual([c.name, e.name, undefined, expect.stringMatching(/^llmstack-/)]);
      }
    }
    expect(env(ui, "OPENAI_API_KEYS").valueFrom.secretKeyRef).toEqual({ name: "llmstack-api-key", key: "openai-api-keys" });
    expect(env(ui, "ENABLE_PERSISTENT_CONFIG").value).toBe("false");
  });

  test("a bf16 model on an Ampere preset is served in bfloat16, not half", () => {
    const q = renderKubernetesManifests(
      parseValid({ kubernetes: { gpu: { nodeSelector: { pool: "gpu" } } }, models: [{ name: "QWEN", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, kubernetes: { gpu: "a10g" } }] }),
    ) as Obj[];
    const c = find(q, "Deployment", "qwen").spec.template.spec.containers[0];
    expect(argAfter(c.args, "--dtype")).toBe("bfloat16");
    expect(argAfter(c.args, "--quantization")).toBeUndefined();
  });
});
