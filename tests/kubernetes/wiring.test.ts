/**
 * Wiring: the server mounts the PVC the download Job fills (and waits for its marker), the UI and the
 * ingestion Job point at the right Service DNS names and ports, the ingestion Job waits for the
 * vector store and the embedding server, and the NetworkPolicies allow exactly those flows.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildKubernetesManifests, flattenManifests, planKubernetesPlatform, renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { secretKeys } from "../../components/kubernetes/manifests/core";
import { main } from "../../services/ingest/src/main";
import { argAfter, env, find, all, type Obj } from "./support/manifests";
import { startEmbeddingsStandIn } from "./support/standIns";
import { exampleConfig, parseValid, rawStackConfig } from "./support/stack";

const objs = renderKubernetesManifests(exampleConfig()) as Obj[];
const podOf = (kind: string, name: string) => find(objs, kind, name).spec.template;

/** A Service's URL as a client in the cluster would build it. */
function serviceUrl(svc: Obj): string {
  return `http://${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local:${svc.spec.ports[0].port}`;
}

/** The Service selects the workload's pods and targets a port the container declares. */
function expectServiceFronts(svc: Obj, template: Obj, containerPort: number) {
  for (const [k, v] of Object.entries(svc.spec.selector)) expect(template.metadata.labels[k]).toBe(v);
  const port = template.spec.containers[0].ports.find((p: Obj) => p.name === svc.spec.ports[0].targetPort);
  expect(port?.containerPort).toBe(containerPort);
}

describe("model cache → server", () => {
  const job = find(objs, "Job", /^download-mistral-/);
  const jobPod = job.spec.template.spec;
  const dep = podOf("Deployment", "mistral").spec;
  const jobEnv = (n: string) => env(jobPod.containers[0], n)?.value;

  test("the Deployment mounts, read-only, the PVC the download Job writes, at the directory the Job fills", () => {
    const pvc = find(objs, "PersistentVolumeClaim", "model-cache");
    const claim = (spec: Obj) => spec.volumes.find((v: Obj) => v.persistentVolumeClaim).persistentVolumeClaim.claimName;
    expect(claim(jobPod)).toBe(pvc.metadata.name);
    expect(claim(dep)).toBe(pvc.metadata.name);
    expect(pvc.spec.accessModes).toEqual(["ReadWriteMany"]);
    expect(jobPod.containers[0].volumeMounts.find((m: Obj) => m.name === "model-cache")).toEqual({ name: "model-cache", mountPath: "/models" });
    expect(dep.containers[0].volumeMounts.find((m: Obj) => m.name === "model-cache")).toEqual({ name: "model-cache", mountPath: "/models", readOnly: true });
    expect(dep.containers[0].args[0]).toBe(jobEnv("MODEL_DIR"));
    expect(jobEnv("MODEL_REPO")).toBe("mistralai/Mistral-7B-Instruct-v0.1");
    // The download needs no GPU.
    expect(JSON.stringify(jobPod)).not.toContain("nvidia.com/gpu");
    expect(jobPod.tolerations).toBeUndefined();
  });

  test("the download is idempotent and the server's init container waits for exactly its marker", () => {
    const work = mkdtempSync(path.join(tmpdir(), "model-cache-"));
    try {
      // A stand-in `huggingface_hub` that records each call and writes one file.
      const stub = path.join(work, "stub", "huggingface_hub");
      mkdirSync(stub, { recursive: true });
      writeFileSync(
        path.join(stub, "__init__.py"),
        [
          "import json, os, pathlib",
          "def snapshot_download(repo_id, revision, local_dir, ignore_patterns=None):",
          "    pathlib.Path(local_dir, 'model.safetensors').write_text('weights')",
          "    with open(os.environ['STUB_LOG'], 'a') as f: f.write(json.dumps({'repo_id': repo_id, 'revision': revision, 'local_dir': local_dir, 'ignore_patterns': ignore_patterns}) + '\\n')",
          "    return local_dir",
        ].join("\n"),
      );
      const modelDir = path.join(work, "models", "mistral");
      const log = path.join(work, "calls.jsonl");
      const download = (revision = jobEnv("MODEL_REVISION")) =>
        spawnSync(jobPod.containers[0].command[0], jobPod.containers[0].command.slice(1), {
          env: { PATH: process.env.PATH, PYTHONPATH: path.join(work, "stub"), STUB_LOG: log, MODEL_REPO: jobEnv("MODEL_REPO"), MODEL_REVISION: revision, MODEL_DIR: modelDir, MODEL_IGNORE_PATTERNS: jobEnv("MODEL_IGNORE_PATTERNS") },
          encoding: "utf8",
        });
      const init = dep.initContainers[0];
      const waitForModel = () =>
        spawnSync(init.command[0], init.command.slice(1), {
          env: { PATH: process.env.PATH, MARKER: env(init, "MARKER").value.replace("/models/mistral", modelDir), EXPECTED: env(init, "EXPECTED").value },
          timeout: 1500,
          encoding: "utf8",
        });
      const calls = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l)) : []);

      expect(waitForModel().signal).toBe("SIGTERM"); // nothing downloaded yet: still waiting when killed

      expect(download().status).toBe(0);
      expect(calls()).toEqual([{ repo_id: "mistralai/Mistral-7B-Instruct-v0.1", revision: "main", local_dir: modelDir, ignore_patterns: JSON.parse(jobEnv("MODEL_IGNORE_PATTERNS")) }]);
      const w = waitForModel();
      expect([w.status, w.signal]).toEqual([0, null]); // the marker is there: the server may start

      const again = download();
      expect(again.status).toBe(0);
      expect(again.stdout).toContain("already in");
      expect(calls()).toHaveLength(1); // second run: nothing downloaded

      // Another revision invalidates the marker: downloaded again, and the old server's wait would not pass.
      expect(download("0123456789abcdef0123456789abcdef01234567").status).toBe(0);
      expect(calls()).toHaveLength(2);
      expect(waitForModel().signal).toBe("SIGTERM");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe("Service DNS names and ports", () => {
  const chromaSvc = find(objs, "Service", "chroma");
  const mistralSvc = find(objs, "Service", "mistral");
  const minilmSvc = find(objs, "Service", "minilm");

  test("the Services front their workloads on the ports the servers listen on", () => {
    const mistral = podOf("Deployment", "mistral");
    expectServiceFronts(mistralSvc, mistral, Number(argAfter(mistral.spec.containers[0].args, "--port")));
    const minilm = podOf("Deployment", "minilm");
    expectServiceFronts(minilmSvc, minilm, Number(argAfter(minilm.spec.containers[0].args, "--port")));
    expectServiceFronts(chromaSvc, podOf("StatefulSet", "chroma"), 8000);
    expectServiceFronts(find(objs, "Service", "open-webui"), podOf("Deployment", "open-webui"), Number(env(podOf("Deployment", "open-webui").spec.containers[0], "PORT").value));
  });

  test("Open WebUI points at the chat server, the embedding server and Chroma", () => {
    const ui = podOf("Deployment", "open-webui").spec.containers[0];
    expect(env(ui, "OPENAI_API_BASE_URLS").value).toBe(`${serviceUrl(mistralSvc)}/v1`);
    expect(env(ui, "RAG_OPENAI_API_BASE_URL").value).toBe(`${serviceUrl(minilmSvc)}/v1`);
    expect(env(ui, "RAG_EMBEDDING_MODEL").value).toBe(argAfter(podOf("Deployment", "minilm").spec.containers[0].args, "--served-model-name"));
    expect(`http://${env(ui, "CHROMA_HTTP_HOST").value}:${env(ui, "CHROMA_HTTP_PORT").value}`).toBe(serviceUrl(chromaSvc));
    expect(env(ui, "VECTOR_DB").value).toBe("chroma");
    // The keys the servers require, from the Secret the servers read theirs from.
    expect(env(ui, "OPENAI_API_KEYS").valueFrom.secretKeyRef).toEqual({ name: "llmstack-api-key", key: "openai-api-keys" });
    expect(env(ui, "RAG_OPENAI_API_KEY").valueFrom.secretKeyRef).toEqual({ name: "llmstack-api-key", key: "api-key" });
    expect(env(podOf("Deployment", "mistral").spec.containers[0], "VLLM_API_KEY").valueFrom.secretKeyRef.name).toBe("llmstack-api-key");
  });

  test("with two chat models, Open WebUI gets one key per base URL, in the same order", () => {
    const raw = rawStackConfig() as Obj;
    raw.models = [...raw.models, { name: "QWEN", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, kubernetes: { gpu: "l4" } }];
    const plan = planKubernetesPlatform(parseValid(raw));
    const two = flattenManifests(buildKubernetesManifests(plan)) as Obj[];
    const ui = find(two, "Deployment", "open-webui").spec.template.spec.containers[0];
    const urls = env(ui, "OPENAI_API_BASE_URLS").value.split(";");
    expect(urls).toEqual(["mistral", "qwen"].map((n) => `${serviceUrl(find(two, "Service", n))}/v1`));
    const keys = Object.fromEntries(Object.entries(secretKeys(plan, "apiKey")).map(([k, derive]) => [k, derive("K")]));
    expect(keys).toEqual({ "api-key": "K", "openai-api-keys": "K;K" });
    expect(env(ui, "OPENAI_API_KEYS").valueFrom.secretKeyRef.key).toBe("openai-api-keys");
  });

  test("the ingestion Job reads its config from the ConfigMap and sends to the embedding Service and Chroma", () => {
    const job = find(objs, "Job", /^ingest-/).spec.template.spec;
    const main = job.containers[0];
    const configPath = argAfter(main.command, "--config")!;
    const mount = main.volumeMounts.find((m: Obj) => configPath.startsWith(`${m.mountPath}/`));
    expect(job.volumes.find((v: Obj) => v.name === mount.name).configMap.name).toBe("ingest-config");
    const cfg = JSON.parse(find(objs, "ConfigMap", "ingest-config").data[path.basename(configPath)]);
    expect(cfg.embeddings.baseUrl).toBe(`${serviceUrl(minilmSvc)}/v1`);
    expect(cfg.embeddings.model).toBe("minilm");
    expect(cfg.chroma).toEqual({ url: serviceUrl(chromaSvc), tenant: "default_tenant", database: "default_database", collection: "hpe-press-releases" });
    expect(env(main, cfg.embeddings.apiKeyEnv).valueFrom.secretKeyRef.name).toBe("llmstack-api-key");
    // The press-release PVC is mounted read-only where path sources are resolved.
    expect(main.volumeMounts).toContainEqual({ name: "data", mountPath: cfg.dataDir, readOnly: true });
    expect(job.volumes.find((v: Obj) => v.name === "data").persistentVolumeClaim).toEqual({ claimName: "press-releases", readOnly: true });
  });

  test("the ingestion Job waits for Chroma's heartbeat and the embedding server's /health before it runs", async () => {
    const job = find(objs, "Job", /^ingest-/).spec.template.spec;
    expect(job.initContainers.map((c: Obj) => c.name)).toEqual(["wait-vector-store", "wait-embeddings"]);
    const [vs, emb] = job.initContainers.map((c: Obj) => argAfter(c.command, "--url"));
    expect(vs).toBe(`${serviceUrl(chromaSvc)}/api/v2/heartbeat`);
    expect(emb).toBe(`${serviceUrl(minilmSvc)}/health`);
    // Those are what the servers' readiness probes check.
    expect(podOf("StatefulSet", "chroma").spec.containers[0].readinessProbe.httpGet.path).toBe("/api/v2/heartbeat");
    expect(podOf("Deployment", "minilm").spec.containers[0].readinessProbe.httpGet.path).toBe("/health");
    // And the command the init containers run does wait: against a stand-in that is down twice.
    const server = await startEmbeddingsStandIn({ apiKey: "k", model: "minilm", unhealthyFor: 1 });
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      const cmd = job.initContainers[1].command;
      expect(cmd.slice(0, 3)).toEqual(["node", "/app/dist/main.js", "wait"]);
      // The per-request timeout is twice the interval: 40 ms was too tight on a busy machine (a timed-out try is retried).
      const args = [...cmd.slice(2).map((a: string) => (a === emb ? `${server.url}/health` : a)), "--interval-ms", "250"];
      await expect(main(args)).resolves.toBe(0);
      expect(server.calls.filter((c) => c.path === "/health").length).toBe(2);
    } finally {
      process.stdout.write = write;
      await server.close();
    }
  }, 20000);
});

describe("NetworkPolicies allow exactly the platform's flows", () => {
  const policies = all(objs, "NetworkPolicy");
  const labelsOf = (kind: string, name: string | RegExp) => find(objs, kind, name).spec.template.metadata.labels as Record<string, string>;
  const matches = (sel: Obj, labels: Record<string, string>) => Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const portOk = (rule: Obj, port: number) => !rule.ports || rule.ports.some((p: Obj) => p.port === port && (p.protocol ?? "TCP") === "TCP");
  const peerOk = (rule: Obj, key: "to" | "from", labels: Record<string, string>) => !rule[key] || rule[key].some((p: Obj) => p.podSelector && !p.namespaceSelector && matches(p.podSelector, labels));

  /** Pod-to-pod in the namespace, on a TCP port, as a NetworkPolicy implementation decides it. */
  function allowed(from: Record<string, string>, to: Record<string, string>, port: number): boolean {
    const egress = policies.filter((p) => p.spec.policyTypes.includes("Egress") && matches(p.spec.podSelector, from));
    const ingress = policies.filter((p) => p.spec.policyTypes.includes("Ingress") && matches(p.spec.podSelector, to));
    const out = egress.length === 0 || egress.some((p) => (p.spec.egress ?? []).some((r: Obj) => portOk(r, port) && peerOk(r, "to", to)));
    const inn = ingress.length === 0 || ingress.some((p) => (p.spec.ingress ?? []).some((r: Obj) => portOk(r, port) && peerOk(r, "from", from)));
    return out && inn;
  }

  const ui = labelsOf("Deployment", "open-webui");
  const ingest = labelsOf("Job", /^ingest-/);
  const download = labelsOf("Job", /^download-mistral-/);
  const mistral = labelsOf("Deployment", "mistral");
  const minilm = labelsOf("Deployment", "minilm");
  const chroma = labelsOf("StatefulSet", "chroma");

  test("everything is denied by default", () => {
    expect(find(objs, "NetworkPolicy", "default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  test.each([
    ["UI → chat server", ui, mistral, 8000, true],
    ["UI → embedding server", ui, minilm, 8000, true],
    ["UI → Chroma", ui, chroma, 8000, true],
    ["ingestion → Chroma", ingest, chroma, 8000, true],
    ["ingestion → embedding server", ingest, minilm, 8000, true],
    ["ingestion → chat server", ingest, mistral, 8000, false],
    ["UI → chat server on another port", ui, mistral, 9000, false],
    ["download Job → Chroma", download, chroma, 8000, false],
    ["chat server → Chroma", mistral, chroma, 8000, false],
    ["Chroma → chat server", chroma, mistral, 8000, false],
    ["embedding server → UI", minilm, ui, 8080, false],
  ])("%s", (_, from, to, port, expected) => {
    expect(allowed(from, to, port)).toBe(expected);
  });

  test("only the download Jobs and URL ingestion reach the internet, never the metadata endpoint", () => {
    const internet = policies.filter((p) => (p.spec.egress ?? []).some((r: Obj) => r.to?.some((t: Obj) => t.ipBlock?.cidr === "0.0.0.0/0")));
    expect(internet.map((p) => p.metadata.name).sort()).toEqual(["download-minilm", "download-mistral", "ingest-egress"]);
    for (const p of internet) {
      const block = p.spec.egress.find((r: Obj) => r.to?.some((t: Obj) => t.ipBlock)).to[0].ipBlock;
      expect(block.except).toEqual(expect.arrayContaining(["169.254.0.0/16", "10.0.0.0/8"]));
    }
  });
});
