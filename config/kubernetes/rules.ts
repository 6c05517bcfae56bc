/**
 * Cross-field rules of the Kubernetes path (`checkKubernetesConfig`): each problem reported at the
 * config path to fix, with a hint.
 */
import type { z } from "zod";
import { quantizationUnsupported } from "../../catalog/quantization";
import { round1 } from "../../catalog/sizing";
import { maxContextThatFits, resolveModel } from "../resolve";
import type { StackConfig } from "../schema";
import { BUILTIN_GPU_PRESETS, gpuPresets } from "./gpuPresets";
import { checkDownloads } from "./downloadRules";
import { CACHE_HEADROOM, placeKubernetesModel, uiChunking, type KubernetesModelPlacement } from "./placement";
import { DNS1035_LABEL, quantityGiB, RESERVED_NAMES } from "./primitives";
import { kubernetesDefaults } from "./schema";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function report(ctx: Ctx, path: Path, message: string, hint?: string): void {
  ctx.addIssue({ code: "custom", path, message, params: hint ? { hint } : undefined });
}

/** Run a rule on possibly malformed data; a throw means a field-level issue already covers it. */
function guard(rule: () => void): void {
  try {
    rule();
  } catch {
    /* reported by the schema */
  }
}

const GPU_TOLERATION_HINT =
  "add kubernetes.gpu.tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}] and a node selector for your GPU pool, " +
  "e.g. kubernetes.gpu.nodeSelector: {cloud.google.com/gke-accelerator: nvidia-tesla-t4}, or kubernetes.gpu.selectByProductLabel: true with the NVIDIA GPU operator";

/**
 * Cross-field rules of the Kubernetes path; call from the stack's superRefine (config/rules.ts).
 * Reports with paths like `models[1].kubernetes.gpu` and a hint each. Never throws: on data the
 * schema already rejected, the affected rules are skipped (their field issues explain it).
 */
export function checkKubernetesConfig(cfg: StackConfig, ctx: Ctx): void {
  guard(() => checkKubernetes(cfg, ctx));
}

function checkKubernetes(cfg: StackConfig, ctx: Ctx): void {
  const models = Array.isArray(cfg.models) ? cfg.models : [];
  const placedIdx = models.map((m, i) => (m?.kubernetes ? i : -1)).filter((i) => i >= 0);
  const k8s = cfg.kubernetes ?? (placedIdx.length > 0 ? kubernetesDefaults() : undefined);
  if (!k8s) return;
  const kp: Path = ["kubernetes"];
  const presets = gpuPresets(k8s);
  const placements: KubernetesModelPlacement[] = [];
  const k8sNames = new Map<string, number>();

  // Presets that cannot be sized
  guard(() => {
    for (const name of Object.keys(k8s.gpu.presets)) {
      if (!presets.has(name)) {
        report(ctx, [...kp, "gpu", "presets", name], `preset ${name} has no memory size or compute capability`, `set gpuModel to one the catalog knows (${[...BUILTIN_GPU_PRESETS.keys()].join(", ")}) or give memoryGiB and computeCapability`);
      }
    }
  });

  for (const i of placedIdx) {
    guard(() => {
      const model = models[i];
      const mk = model.kubernetes!;
      const mp: Path = ["models", i, "kubernetes"];
      const resolved = resolveModel(model);
      if (!resolved) return; // the stack rules report the unknown size

      if (!DNS1035_LABEL.test(resolved.k8sName) || resolved.k8sName.length > 40) {
        report(ctx, ["models", i, "name"], `${model.name} gives the Kubernetes name ${resolved.k8sName}, which is not a DNS-1035 label`, "use letters and digits, with single _ between them");
      }
      if (RESERVED_NAMES.includes(resolved.k8sName)) {
        report(ctx, ["models", i, "name"], `${model.name} would name its Kubernetes objects ${resolved.k8sName}, which the platform uses`, `rename the model (reserved: ${RESERVED_NAMES.join(", ")})`);
      }
      const dup = k8sNames.get(resolved.k8sName);
      if (dup !== undefined) report(ctx, ["models", i, "name"], `Kubernetes name ${resolved.k8sName} is also used by models[${dup}]`, "rename one of the models");
      k8sNames.set(resolved.k8sName, i);

      // Device
      if (mk.gpu !== undefined && mk.cpu) {
        report(ctx, [...mp, "cpu"], "a model runs either on a GPU preset or on CPU, not both", "remove cpu: true or gpu");
        return;
      }
      if (mk.gpu === undefined && !mk.cpu) {
        report(ctx, [...mp, "gpu"], "no device chosen", `set gpu to a preset (${[...presets.keys()].sort().join(", ")}) or cpu: true (embedding models)`);
        return;
      }
      if (mk.cpu) {
        if (model.quantization) {
          report(ctx, ["models", i, "quantization"], `${model.quantization.toUpperCase()} kernels need a GPU; the CPU server cannot load the quantized variant`, "remove quantization or place the model on a GPU preset");
        }
        if (resolved.task === "chat" && resolved.arch.parametersB > 3) {
          report(ctx, [...mp, "cpu"], `${model.source.huggingFaceId} has ${resolved.arch.parametersB}B parameters; serving it on CPU is impractically slow`, "place it on a GPU preset (gpu: t4, l4, a10g, …)");
        }
      }

      const placed = placeKubernetesModel(model, i, k8s);
      if (!placed) return;
      placements.push(placed);

      if (placed.device === "gpu") {
        const preset = placed.preset;
        if (!preset) {
          report(ctx, [...mp, "gpu"], `GPU preset ${mk.gpu} is not defined`, `use one of: ${[...presets.keys()].sort().join(", ")}, or define it under kubernetes.gpu.presets`);
          return;
        }
        // Scheduling: a GPU pod needs to tolerate the GPU taint and/or be steered to GPU nodes.
        const tolerations = mk.tolerations ?? [...k8s.gpu.tolerations, ...preset.tolerations];
        const selects =
          Object.keys({ ...k8s.gpu.nodeSelector, ...preset.nodeSelector, ...mk.nodeSelector }).length > 0 ||
          k8s.gpu.nodeAffinity.length + mk.nodeAffinity.length > 0 ||
          (k8s.gpu.selectByProductLabel && preset.productLabels.length > 0);
        if (tolerations.length === 0 && !selects) {
          report(ctx, [...mp, "gpu"], `${model.name} asks for a ${preset.gpuModel} GPU but no GPU tolerations or node selector are configured: the pod would stay Pending on tainted GPU nodes or land on the wrong ones`, GPU_TOLERATION_HINT);
        }
        if (k8s.gpu.selectByProductLabel && preset.productLabels.length === 0 && Object.keys(preset.nodeSelector).length === 0) {
          report(ctx, ["kubernetes", "gpu", "selectByProductLabel"], `preset ${mk.gpu} has no nvidia.com/gpu.product values to select by`, `set kubernetes.gpu.presets.${mk.gpu}.productLabels`);
        }
        // The same table the SPCS rules use (catalog/quantization.ts): which quantized kernels run on which GPU.
        const quantization = placed.resolved.config.quantization ?? placed.resolved.catalog?.nativeQuantization;
        const unsupported = quantization ? quantizationUnsupported(quantization, preset.computeCapability, placed.resolved.arch.activeParametersB !== undefined) : undefined;
        if (unsupported) {
          report(ctx, model.quantization ? ["models", i, "quantization"] : [...mp, "gpu"], `${placed.resolved.servedId} on ${mk.gpu} (${preset.gpuModel}): ${unsupported}`, model.quantization ? "use another quantization or a preset with a newer GPU" : "use a preset with a newer GPU");
        }
        if (preset.gpusPerNode !== undefined && mk.gpus > preset.gpusPerNode) {
          report(ctx, [...mp, "gpus"], `${preset.gpuModel} nodes have ${preset.gpusPerNode} GPU(s); ${mk.gpus} asked for`, `use at most ${preset.gpusPerNode} or a preset with more GPUs per node`);
        }
        if (!placed.fits) {
          const m = placed.memory;
          const fitCtx = maxContextThatFits(placed.resolved, placed.usableGiB!, preset.computeCapability);
          const variant = placed.resolved.catalog?.quantizedVariants?.[0];
          const options = [
            variant && !model.quantization ? `models[${i}].quantization: ${variant.quantization} (serves ${variant.id})` : undefined,
            variant && !model.quantization ? `models[${i}].kubernetes.fitToGpu: quantize` : undefined,
            fitCtx > 0 ? `models[${i}].maxContextLength: ${fitCtx} (or models[${i}].kubernetes.fitToGpu: shortenContext)` : undefined,
            "a preset with more GPU memory, or more gpus",
          ].filter(Boolean);
          report(
            ctx,
            [...mp, "gpu"],
            `${placed.resolved.servedId} in ${placed.dtype} needs about ${round1(m.totalGiB)} GiB (weights ${round1(m.weightsGiB)} + KV cache ${round1(m.kvCacheGiB)} for ${placed.maxContextLength} tokens + ${m.overheadGiB} overhead) ` +
              `but ${mk.gpus}×${preset.gpuModel} ${preset.memoryGiB} GiB at --gpu-memory-utilization ${placed.gpuMemoryUtilization} leaves ${round1(placed.usableGiB!)} GiB`,
            `use ${options.join("; or ")}`,
          );
        }
      }

      if (mk.replicas > 1 && k8s.modelCache.accessMode !== "ReadWriteMany") {
        report(ctx, [...mp, "replicas"], `${mk.replicas} replicas cannot all mount a ${k8s.modelCache.accessMode} model cache (Multi-Attach error on a second node)`, "set kubernetes.modelCache.accessMode: ReadWriteMany with an RWX storage class (NFS, EFS, Filestore, CephFS, Azure Files), or replicas: 1");
      }
    });
  }

  // The cache
  guard(() => {
    const mc = k8s.modelCache;
    if (mc.layout === "shared" && placements.length > 1 && mc.accessMode !== "ReadWriteMany") {
      report(ctx, [...kp, "modelCache", "accessMode"], `${placements.length} models share one ${mc.accessMode} cache, but their pods (and download Jobs) run on different nodes`, "set accessMode: ReadWriteMany with an RWX storage class, or layout: perModel");
    }
    if (mc.size !== undefined && placements.length > 0) {
      const have = quantityGiB(mc.size);
      const groups = mc.layout === "perModel" ? placements.map((p) => [p]) : [placements];
      for (const group of groups) {
        const weights = group.reduce((s, p) => s + p.memory.weightsGiB, 0);
        const need = Math.ceil(weights * CACHE_HEADROOM);
        if (need > have) {
          report(
            ctx,
            [...kp, "modelCache", "size"],
            `${mc.size} is too small for ${group.map((p) => `${p.resolved.servedId} (${round1(p.memory.weightsGiB)} GiB of weights)`).join(" + ")}`,
            `use at least ${need}Gi${mc.layout === "perModel" ? " (per model)" : ""}, or leave size unset to derive it`,
          );
        }
      }
    }
  });

  guard(() => checkDownloads(k8s, models, placements, (path, message, hint) => report(ctx, path, message, hint)));

  const embedding = placements.filter((p) => p.resolved.task === "embedding");
  const chat = placements.filter((p) => p.resolved.task === "chat");

  // Ingestion
  guard(() => {
    const ing = k8s.ingestion;
    if (!ing) return;
    const ip: Path = [...kp, "ingestion"];
    let emb: KubernetesModelPlacement | undefined;
    if (ing.embeddingModel !== undefined) {
      emb = placements.find((p) => models[p.index].name.toUpperCase() === ing.embeddingModel!.toUpperCase());
      if (!emb) report(ctx, [...ip, "embeddingModel"], `${ing.embeddingModel} is not a model placed on Kubernetes`, `use one of: ${embedding.map((p) => models[p.index].name).join(", ") || "none (add an embedding model with kubernetes.cpu: true)"}`);
      else if (emb.resolved.task !== "embedding") report(ctx, [...ip, "embeddingModel"], `${ing.embeddingModel} is a ${emb.resolved.task} model, not an embedding model`, `use one of: ${embedding.map((p) => models[p.index].name).join(", ") || "none"}`);
    } else if (embedding.length === 0) {
      report(ctx, [...ip, "embeddingModel"], "ingestion needs an embedding model on Kubernetes and there is none", "add one to models[] (e.g. sentence-transformers/all-MiniLM-L6-v2 with kubernetes: {cpu: true})");
    } else if (embedding.length > 1) {
      report(ctx, [...ip, "embeddingModel"], `several embedding models are placed on Kubernetes (${embedding.map((p) => models[p.index].name).join(", ")})`, "name the one ingestion uses with ingestion.embeddingModel");
    }
    if (!k8s.vectorStore.enabled) report(ctx, [...kp, "vectorStore", "enabled"], "ingestion writes to the vector store, which is disabled", "set kubernetes.vectorStore.enabled: true");
    if (!k8s.images.ingest) report(ctx, [...kp, "images", "ingest"], "ingestion needs its image", "build services/ingest/Dockerfile, push it to your registry and set kubernetes.images.ingest to it (pinned tag)");
    if (ing.chunkOverlap >= ing.chunkSize) report(ctx, [...ip, "chunkOverlap"], `overlap ${ing.chunkOverlap} must be smaller than chunkSize ${ing.chunkSize}`, "lower chunkOverlap");
    for (const [j, s] of ing.sources.entries()) {
      const sp: Path = [...ip, "sources", j];
      const inline = s.type === "htmlLinks" && s.links.length > 0;
      const n = [s.url, s.path, inline ? "links" : undefined].filter(Boolean).length;
      if (n !== 1) report(ctx, sp, `a ${s.type} source needs exactly one of url or path${s.type === "htmlLinks" ? " or links" : ""}`, "give one location per source");
      if (s.path !== undefined && !ing.data?.persistentVolumeClaim && !ing.data?.configMap) {
        report(ctx, [...sp, "path"], `path ${s.path} needs a data volume to read from`, "set ingestion.data.persistentVolumeClaim (or configMap) holding the files");
      }
    }
    if (ing.data?.persistentVolumeClaim && ing.data.configMap) report(ctx, [...ip, "data"], "give one of persistentVolumeClaim and configMap", "keep one");
  });

  // UI
  guard(() => {
    const ui = k8s.ui;
    if (!ui.enabled) return;
    if (chat.length === 0) report(ctx, [...kp, "ui", "enabled"], "the UI needs a chat model on Kubernetes and there is none", "place a chat model with models[].kubernetes.gpu");
    // Open WebUI embeds each chunk whole: one longer than the embedding model reads is refused by vLLM (400).
    const emb = k8s.ingestion?.embeddingModel ? embedding.find((p) => models[p.index].name.toUpperCase() === k8s.ingestion!.embeddingModel!.toUpperCase()) : embedding.length === 1 ? embedding[0] : undefined;
    if (emb && ui.chunkSize !== undefined && ui.chunkSize > emb.maxContextLength * 4) {
      report(ctx, [...kp, "ui", "chunkSize"], `${ui.chunkSize} characters is more than ${emb.resolved.servedId} reads (${emb.maxContextLength} tokens, about ${emb.maxContextLength * 4} characters of English)`, `use at most ${uiChunking({ ui: { ...ui, chunkSize: undefined }, ingestion: undefined }, emb.maxContextLength).size}, or leave chunkSize unset to derive it`);
    }
    for (const [j, name] of (ui.models ?? []).entries()) {
      const p = placements.find((x) => models[x.index].name.toUpperCase() === name.toUpperCase());
      if (!p || p.resolved.task !== "chat") report(ctx, [...kp, "ui", "models", j], `${name} is not a chat model placed on Kubernetes`, `use one of: ${chat.map((c) => models[c.index].name).join(", ") || "none"}`);
    }
  });
}
