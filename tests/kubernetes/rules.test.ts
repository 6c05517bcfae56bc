/**
 * The Kubernetes config rules refuse what would fail on a cluster, at the path to fix, with numbers
 * from the catalog; opted-in fixes (fitToGpu) are applied to the manifests.
 */
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { BUILTIN_GPU_PRESETS } from "../../config/kubernetes";
import { maxContextThatFits, resolveModel, servingMemory } from "../../config/resolve";
import { round1, usableGpuMemoryGiB } from "../../catalog/sizing";
import { argAfter, env, find, type Obj } from "./support/manifests";
import { kubernetesIssues, parseValid, type Issue } from "./support/stack";

const GPU_TOLERATION = [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }];
/** A 16 GB Ampere-class GPU (as an RTX A4000 is): small enough that Mistral-7B in bf16 does not fit, new enough for bf16 and AWQ. */
const SMALL_AMPERE = { small16: { memoryGiB: 16, computeCapability: 8.6 } };
const SCHEDULED = { gpu: { tolerations: GPU_TOLERATION, presets: SMALL_AMPERE } };
const MISTRAL_ID = "mistralai/Mistral-7B-Instruct-v0.1";
const mistral = (k: object = {}, extra: object = {}) => ({ name: "MISTRAL", source: { huggingFaceId: MISTRAL_ID }, ...extra, kubernetes: { gpu: "l4", ...k } });
const mistralAwq = (k: object = {}) => mistral(k, { quantization: "awq" });
const qwen = (k: object = {}, extra: object = {}) => ({ name: "QWEN", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, ...extra, kubernetes: { gpu: "t4", ...k } });
const minilm = (k: object = {}) => ({ name: "MINILM", source: { huggingFaceId: "sentence-transformers/all-MiniLM-L6-v2" }, kubernetes: { cpu: true, ...k } });
const RAG = { vectorStore: { enabled: true }, images: { ingest: "registry.example.com/llmstack/ingest:0.1.0" } };
const CSV_SOURCE = [{ type: "csv", url: "https://example.com/press.csv" }];

const paths = (issues: Issue[]) => issues.map((i) => i.path);

describe("refused, at the path to fix", () => {
  test.each<[string, object, string, RegExp, RegExp | null]>([
    ["a GPU model with no GPU tolerations or node selector", { kubernetes: {}, models: [minilm(), mistral()] }, "models[1].kubernetes.gpu", /no GPU tolerations or node selector are configured/, /tolerations: \[\{key: nvidia\.com\/gpu, operator: Exists, effect: NoSchedule\}\]/],
    ["several replicas on a ReadWriteOnce cache", { kubernetes: { ...SCHEDULED, modelCache: { accessMode: "ReadWriteOnce", layout: "perModel" } }, models: [mistral({ replicas: 2 })] }, "models[0].kubernetes.replicas", /2 replicas cannot all mount a ReadWriteOnce model cache/, /accessMode: ReadWriteMany/],
    ["two models sharing a ReadWriteOnce cache", { kubernetes: { ...SCHEDULED, modelCache: { accessMode: "ReadWriteOnce" } }, models: [mistral(), minilm()] }, "kubernetes.modelCache.accessMode", /2 models share one ReadWriteOnce cache/, /ReadWriteMany .* or layout: perModel/],
    ["ingestion with no embedding model", { kubernetes: { ...SCHEDULED, ...RAG, ingestion: { sources: CSV_SOURCE } }, models: [mistral()] }, "kubernetes.ingestion.embeddingModel", /ingestion needs an embedding model on Kubernetes/, /all-MiniLM-L6-v2 with kubernetes: \{cpu: true\}/],
    ["ingestion embedding with a chat model", { kubernetes: { ...SCHEDULED, ...RAG, ingestion: { embeddingModel: "MISTRAL", sources: CSV_SOURCE } }, models: [mistral(), minilm()] }, "kubernetes.ingestion.embeddingModel", /MISTRAL is a chat model, not an embedding model/, /MINILM/],
    ["ingestion with the vector store off", { kubernetes: { ...SCHEDULED, images: RAG.images, ingestion: { sources: CSV_SOURCE } }, models: [minilm()] }, "kubernetes.vectorStore.enabled", /vector store, which is disabled/, null],
    ["ingestion without its image", { kubernetes: { vectorStore: { enabled: true }, ingestion: { sources: CSV_SOURCE } }, models: [minilm()] }, "kubernetes.images.ingest", /needs its image/, /services\/ingest\/Dockerfile/],
    ["a path source without a data volume", { kubernetes: { ...RAG, ingestion: { sources: [{ type: "xml", path: "HPE_press_releases" }] } }, models: [minilm()] }, "kubernetes.ingestion.sources[0].path", /needs a data volume/, /persistentVolumeClaim/],
    ["an unpinned image", { kubernetes: { images: { vllm: "vllm/vllm-openai:latest" } }, models: [minilm()] }, "kubernetes.images.vllm", /pinned to a version tag or digest/, null],
    ["no device", { kubernetes: SCHEDULED, models: [{ name: "QWEN", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, kubernetes: {} }] }, "models[0].kubernetes.gpu", /no device chosen/, /set gpu to a preset \(.*\bl4\b.*\bt4\b.*\) or cpu: true/],
    ["an unknown GPU preset", { kubernetes: SCHEDULED, models: [mistral({ gpu: "rtx-9090" })] }, "models[0].kubernetes.gpu", /GPU preset rtx-9090 is not defined/, /kubernetes\.gpu\.presets/],
    ["more GPUs than a T4 node has", { kubernetes: SCHEDULED, models: [qwen({ gpus: 2 })] }, "models[0].kubernetes.gpus", /T4 nodes have 1 GPU\(s\); 2 asked for/, null],
    ["a model cache too small for the weights", { kubernetes: { ...SCHEDULED, modelCache: { size: "3Gi" } }, models: [mistralAwq({ gpu: "small16" })] }, "kubernetes.modelCache.size", /3Gi is too small for TheBloke\/Mistral-7B-Instruct-v0\.1-AWQ \(3\.5 GiB of weights\)/, /at least 6Gi/],
    // K3: a download Job and the server on one ReadWriteOnce disk deadlock.
    ["a download Job on a ReadWriteOnce cache", { kubernetes: { ...SCHEDULED, modelCache: { accessMode: "ReadWriteOnce", layout: "perModel", downloadIn: "job" } }, models: [mistral()] }, "kubernetes.modelCache.downloadIn", /Multi-Attach error \(on every revision change, and on first install with kubectl apply\)/, /remove downloadIn/],
    ["several replicas downloading in their own pods", { kubernetes: { ...SCHEDULED, modelCache: { downloadIn: "server" } }, models: [mistral({ replicas: 2 })] }, "models[0].kubernetes.replicas", /each of the 2 replicas downloads into the same cache directory at once/, /replicas: 1, or remove kubernetes\.modelCache\.downloadIn/],
    // K4: what the downloads must reach is allowed by the NetworkPolicy.
    ["a mirror on a private address", { kubernetes: SCHEDULED, models: [mistral({}, { source: { huggingFaceId: MISTRAL_ID, mirrorEndpoint: "https://10.20.30.40" } })] }, "models[0].source.mirrorEndpoint", /the mirror 10\.20\.30\.40:443 is not reachable under the download NetworkPolicy/, /networkPolicy\.downloadEgress, e\.g\. \[\{ipBlock: \{cidr: <its address>\/32\}, ports: \[443\]\}\]/],
    ["an in-cluster mirror Service", { kubernetes: SCHEDULED, models: [mistral({}, { source: { huggingFaceId: MISTRAL_ID, mirrorEndpoint: "https://hf-mirror.mirrors.svc.cluster.local:8443" } })] }, "models[0].source.mirrorEndpoint", /hf-mirror\.mirrors\.svc\.cluster\.local:8443 is not reachable/, /namespaceSelector/],
    ["a public mirror on an unusual port", { kubernetes: SCHEDULED, models: [mistral({}, { source: { huggingFaceId: MISTRAL_ID, mirrorEndpoint: "https://hf-mirror.example.com:8443" } })] }, "models[0].source.mirrorEndpoint", /hf-mirror\.example\.com:8443 is not reachable/, /ports: \[8443\]/],
    ["a proxy the NetworkPolicy does not allow", { kubernetes: { ...SCHEDULED, proxy: { httpsProxy: "http://proxy.corp.example:3128" } }, models: [mistral()] }, "kubernetes.proxy.httpsProxy", /the proxy proxy\.corp\.example:3128 is not reachable/, /ports: \[3128\]/],
    ["Xet with a mirror", { kubernetes: { ...SCHEDULED, modelCache: { xet: true } }, models: [mistral({}, { source: { huggingFaceId: MISTRAL_ID, mirrorEndpoint: "https://hf-mirror.com" } })] }, "models[0].source.mirrorEndpoint", /Xet client fetches from the CAS host the hub names, not from HF_ENDPOINT/, /xet: false/],
    // K9: Open WebUI's chunks inside the embedding model's context.
    ["Open WebUI chunks longer than the embedding model reads", { kubernetes: { ...SCHEDULED, ui: { enabled: true, chunkSize: 2000 } }, models: [mistral(), minilm()] }, "kubernetes.ui.chunkSize", /2000 characters is more than sentence-transformers\/all-MiniLM-L6-v2 reads \(256 tokens/, /use at most 768/],
    ["the UI with no chat model", { kubernetes: { ui: { enabled: true } }, models: [minilm()] }, "kubernetes.ui.enabled", /needs a chat model/, null],
    ["AWQ on CPU", { kubernetes: {}, models: [{ ...minilm(), name: "QWEN", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, quantization: "awq" }] }, "models[0].quantization", /AWQ kernels need a GPU/, null],
    ["a model named like a platform object", { kubernetes: {}, models: [{ ...minilm(), name: "CHROMA" }] }, "models[0].name", /chroma, which the platform uses/, null],
    ["a misspelled field", { kubernetes: { vectorStor: { enabled: true } }, models: [] }, "kubernetes", /Unrecognized key: "vectorStor"/, null],
  ])("%s", (_, raw, path, message, hint) => {
    const issues = kubernetesIssues(raw);
    expect(paths(issues)).toEqual([path]);
    expect(issues[0].message).toMatch(message);
    if (hint) expect(issues[0].hint).toMatch(hint);
  });

  test("malformed input gets field issues, never an exception from the rules", () => {
    const issues = kubernetesIssues({ kubernetes: { gpu: 5, modelCache: "big", ingestion: { sources: "all" } }, models: [{ name: "A", source: { huggingFaceId: MISTRAL_ID }, kubernetes: { gpu: 7, replicas: "two" } }] });
    expect(paths(issues).sort()).toEqual(["kubernetes.gpu", "kubernetes.ingestion.sources", "kubernetes.modelCache", "models[0].kubernetes.gpu", "models[0].kubernetes.replicas"]);
  });

  test("Mistral-7B in bf16 on a 16 GB GPU: refused with the catalog's numbers and the ways out", () => {
    const [issue, ...rest] = kubernetesIssues({ kubernetes: SCHEDULED, models: [mistral({ gpu: "small16" })] });
    expect(rest).toEqual([]);
    expect(issue.path).toBe("models[0].kubernetes.gpu");
    const resolved = resolveModel(parseValid({ models: [mistral()], kubernetes: SCHEDULED }).models[0])!;
    const mem = servingMemory(resolved, 8.6);
    const usable = usableGpuMemoryGiB(16, 1);
    expect(mem.totalGiB).toBeGreaterThan(usable);
    expect(issue.message).toBe(
      `${MISTRAL_ID} in bfloat16 needs about ${round1(mem.totalGiB)} GiB (weights ${round1(mem.weightsGiB)} + KV cache ${round1(mem.kvCacheGiB)} for 8192 tokens + ${mem.overheadGiB} overhead) but 1×small16 16 GiB at --gpu-memory-utilization 0.9 leaves ${round1(usable)} GiB`,
    );
    // Not even the weights fit, so a shorter context is not offered; the AWQ variant is.
    expect(maxContextThatFits(resolved, usable, 8.6)).toBe(0);
    expect(issue.hint).toBe("use models[0].quantization: awq (serves TheBloke/Mistral-7B-Instruct-v0.1-AWQ); or models[0].kubernetes.fitToGpu: quantize; or a preset with more GPU memory, or more gpus");
  });

  test("a bf16 model on a T4 (compute capability 7.5, no bf16) is served in fp16, which V1 runs there since v0.10.2 (examples/k8s-t4.yaml)", () => {
    expect(kubernetesIssues({ kubernetes: SCHEDULED, models: [qwen()] })).toEqual([]);
    const c = find(renderKubernetesManifests(parseValid({ kubernetes: SCHEDULED, models: [qwen()] })) as Obj[], "Deployment", "qwen").spec.template.spec.containers[0];
    expect(argAfter(c.args, "--dtype")).toBe("half");
    expect(BUILTIN_GPU_PRESETS.get("t4")!.computeCapability).toBeLessThan(8);
  });
});

describe("opted-in fixes are applied to the manifests", () => {
  test("fitToGpu: quantize serves and downloads the catalog's AWQ variant, in float16 (AWQ kernels' only dtype)", () => {
    const cfg = parseValid({ kubernetes: SCHEDULED, models: [mistral({ gpu: "small16", fitToGpu: "quantize" })] });
    const objs = renderKubernetesManifests(cfg) as Obj[];
    const c = find(objs, "Deployment", "mistral").spec.template.spec.containers[0];
    expect(argAfter(c.args, "--quantization")).toBe("awq");
    expect(argAfter(c.args, "--dtype")).toBe("half");
    expect(env(find(objs, "Job", /^download-mistral-/).spec.template.spec.containers[0], "MODEL_REPO").value).toBe("TheBloke/Mistral-7B-Instruct-v0.1-AWQ");
  });

  test("fitToGpu: shortenContext serves the longest context that fits (Llama-2-7B fp16 on a 16 GB GPU)", () => {
    const llama = { name: "LLAMA", source: { huggingFaceId: "meta-llama/Llama-2-7b-chat-hf" } };
    const refused = kubernetesIssues({ kubernetes: SCHEDULED, models: [{ ...llama, kubernetes: { gpu: "small16" } }] });
    const resolved = resolveModel(parseValid({ models: [{ ...llama, kubernetes: { gpu: "a10g" } }], kubernetes: SCHEDULED }).models[0])!;
    const fit = maxContextThatFits(resolved, usableGpuMemoryGiB(16, 1), 8.6);
    expect(fit).toBeGreaterThan(0);
    expect(fit).toBeLessThan(4096);
    expect(refused[0].hint).toContain(`models[0].maxContextLength: ${fit} (or models[0].kubernetes.fitToGpu: shortenContext)`);

    const objs = renderKubernetesManifests(parseValid({ kubernetes: SCHEDULED, models: [{ ...llama, kubernetes: { gpu: "small16", fitToGpu: "shortenContext" } }] })) as Obj[];
    expect(argAfter(find(objs, "Deployment", "llama").spec.template.spec.containers[0].args, "--max-model-len")).toBe(String(fit));
  });
});

test("image references go through the one image grammar: a line break or an upper-case path is not an image, a digest alone is pinned", () => {
  const at = (vllm: string) => kubernetesIssues({ kubernetes: { images: { vllm } }, models: [minilm()] }).map((i) => i.path);
  expect(at("vllm/vllm-openai:v1\nRUN curl evil")).toEqual(["kubernetes.images.vllm"]);
  expect(at("VLLM/vllm-openai:v1")).toEqual(["kubernetes.images.vllm"]);
  expect(at("vllm/vllm-openai")).toEqual(["kubernetes.images.vllm"]);
  expect(at(`vllm/vllm-openai@sha256:${"a".repeat(64)}`)).toEqual([]);
  expect(at("registry.example.com:5000/team/vllm:v0.1.0")).toEqual([]);
});
