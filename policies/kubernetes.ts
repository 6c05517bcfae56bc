/**
 * Kubernetes policies for the Kubernetes path: GPU workloads schedule onto GPU nodes with exact GPU
 * resources, long-running containers have probes, containers run as non-root, and volume claims
 * say which storage class and how much. (Secrets and pinned images: see security/.)
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { resolveModel } from "../config/resolve";
import type { PackContext } from "./context";
import { COMMIT_SHA, LONG_RUNNING_TYPES, podContainers, podSpecOf, WORKLOAD_TYPES, type PodContainerView } from "./facts";
import { define, isObject, kindAndName, list, settings, TYPES, type LlmstackPolicy } from "./util";

const GPU = "nvidia.com/gpu";

function workload(args: ResourceValidationArgs) {
  if (!WORKLOAD_TYPES.includes(args.type)) return undefined;
  const pod = podSpecOf(args.type, args.props);
  return pod ? { pod, containers: podContainers(pod) } : undefined;
}

function gpuQuantity(c: PodContainerView, field: "requests" | "limits"): string | undefined {
  const r = c.c.resources;
  const v = isObject(r) && isObject(r[field]) ? r[field][GPU] : undefined;
  return v === undefined || v === null ? undefined : String(v);
}

function gpuResources(ctx: PackContext): LlmstackPolicy {
  void ctx;
  const configSchema = {
    properties: {
      gpuTaintKeys: { type: "array" as const, items: { type: "string" as const }, default: [GPU], description: "Taint keys GPU nodes carry; a GPU pod must tolerate one of them." },
    },
  };
  return define("operations", {
    name: "k8s-gpu-resources",
    description: "GPU workloads set nvidia.com/gpu limits, requests equal to limits, and tolerate the GPU nodes' taint.",
    severity: "high",
    configSchema,
    validateResource: (args, report) => {
      const w = workload(args);
      if (!w) return;
      const { gpuTaintKeys } = settings<{ gpuTaintKeys: string[] }>(configSchema, args.getConfig());
      const gpuContainers = w.containers.filter((c) => gpuQuantity(c, "limits") !== undefined || gpuQuantity(c, "requests") !== undefined);
      if (gpuContainers.length === 0) return;
      const problems: string[] = [];
      for (const c of gpuContainers) {
        const limit = gpuQuantity(c, "limits");
        const request = gpuQuantity(c, "requests");
        if (limit === undefined) problems.push(`container ${c.name} requests ${GPU} without a limit (GPUs are scheduled by limit)`);
        else if (request !== undefined && request !== limit) problems.push(`container ${c.name} requests ${request} ${GPU} but limits ${limit} (they must be equal)`);
      }
      const tolerations = list(w.pod.spec.tolerations).filter(isObject);
      const tolerated = tolerations.some((t) => (t.operator === "Exists" && t.key === undefined) || gpuTaintKeys.includes(String(t.key)));
      if (!tolerated) problems.push(`the pod does not tolerate a GPU taint (${gpuTaintKeys.join(" or ")}), so it cannot land on GPU nodes`);
      if (problems.length > 0) {
        report(`${kindAndName(args)}: ${problems.join("; ")}. Fix: set resources.limits["${GPU}"] (= requests) and a toleration {key: ${gpuTaintKeys[0]}, operator: Exists, effect: NoSchedule} in ${w.pod.path}.`);
      }
    },
  });
}

function probes(ctx: PackContext): LlmstackPolicy {
  void ctx;
  return define("operations", {
    name: "k8s-probes",
    description: "Long-running containers have a readiness probe and a liveness (or startup) probe, so traffic waits for the model to load and hung servers restart.",
    severity: "medium",
    validateResource: (args, report) => {
      if (!LONG_RUNNING_TYPES.includes(args.type)) return;
      const w = workload(args);
      if (!w) return;
      const missing = w.containers
        .filter((c) => !c.init)
        .flatMap((c) => {
          const lacks = [...(c.c.readinessProbe ? [] : ["readinessProbe"]), ...(c.c.livenessProbe || c.c.startupProbe ? [] : ["livenessProbe"])];
          return lacks.length ? [`container ${c.name} has no ${lacks.join(" and no ")}`] : [];
        });
      if (missing.length > 0) report(`${kindAndName(args)}: ${missing.join("; ")}. Fix: add an HTTP probe on the server's health path (vLLM: GET /health).`);
    },
  });
}

function nonRoot(ctx: PackContext): LlmstackPolicy {
  void ctx;
  const configSchema = {
    properties: {
      rootAllowedImages: { type: "array" as const, items: { type: "string" as const }, default: [], description: "Image prefixes that must run as root (the image does not allow otherwise)." },
    },
  };
  return define("security", {
    name: "k8s-non-root",
    description: "Containers run as non-root (runAsNonRoot or a non-zero runAsUser, pod- or container-level) and are not privileged, unless the image is listed as needing root.",
    severity: "high",
    configSchema,
    validateResource: (args, report) => {
      const w = workload(args);
      if (!w) return;
      const { rootAllowedImages } = settings<{ rootAllowedImages: string[] }>(configSchema, args.getConfig());
      const pod = isObject(w.pod.spec.securityContext) ? w.pod.spec.securityContext : {};
      const problems = w.containers.flatMap((c) => {
        const sc = isObject(c.c.securityContext) ? c.c.securityContext : {};
        const out: string[] = [];
        if (sc.privileged === true) out.push(`container ${c.name} is privileged`);
        const image = typeof c.c.image === "string" ? c.c.image : "";
        if (rootAllowedImages.some((p) => image.startsWith(p))) return out;
        const nonRootFlag = sc.runAsNonRoot ?? pod.runAsNonRoot;
        const user = sc.runAsUser ?? pod.runAsUser;
        const ok = (nonRootFlag === true && user !== 0) || (typeof user === "number" && user > 0 && nonRootFlag !== false);
        if (!ok) out.push(`container ${c.name} may run as root`);
        return out;
      });
      if (problems.length > 0) {
        report(`${kindAndName(args)}: ${problems.join("; ")}. Fix: set securityContext {runAsNonRoot: true, runAsUser: 1000} in ${w.pod.path} (and a writable volume for caches), or list the image in this policy's rootAllowedImages.`);
      }
    },
  });
}

function pvcExplicit(ctx: PackContext): LlmstackPolicy {
  void ctx;
  const claimProblems = (spec: unknown): string[] => {
    const s = isObject(spec) ? spec : {};
    const out: string[] = [];
    if (typeof s.storageClassName !== "string" || s.storageClassName === "") out.push("no storageClassName (the cluster default may be slow or reclaim the data)");
    const req = isObject(s.resources) && isObject(s.resources.requests) ? s.resources.requests.storage : undefined;
    if (req === undefined || req === null || req === "") out.push("no resources.requests.storage");
    return out;
  };
  return define("operations", {
    name: "k8s-pvc-explicit",
    description: "PersistentVolumeClaims (and StatefulSet volumeClaimTemplates) name a storage class and a size.",
    severity: "medium",
    validateResource: (args, report) => {
      let problems: string[] = [];
      if (args.type === TYPES.PersistentVolumeClaim) {
        problems = claimProblems(args.props.spec);
      } else if (args.type === TYPES.StatefulSet && isObject(args.props.spec)) {
        problems = list(args.props.spec.volumeClaimTemplates)
          .filter(isObject)
          .flatMap((t, i) => claimProblems(t.spec).map((p) => `volumeClaimTemplates[${i}]: ${p}`));
      } else {
        return;
      }
      if (problems.length > 0) report(`${kindAndName(args)}: ${problems.join("; ")}. Fix: set spec.storageClassName and spec.resources.requests.storage (the model cache needs the weights' size plus headroom).`);
    },
  });
}

/** A full Git commit id: what a Hugging Face revision must be to stay put (a branch or tag can move). */
/**
 * The model a workload downloads (the download script's MODEL_REPO/MODEL_REVISION, in the download Job
 * or in the server pod's init container) must be pinned to a commit outside dev. `main` moves: the
 * done-marker would keep the first copy forever, and two clusters could hold different weights under
 * one config. Release category, like pinned images: off in dev.
 */
function modelRevisionPinned(ctx: PackContext): LlmstackPolicy {
  // The served repository is the quantized variant's when one is served: match what resolveModel serves.
  const modelIndex = (repo: string) => (ctx.stack?.models ?? []).findIndex((m) => m.kubernetes !== undefined && resolveModel(m)?.servedId.toLowerCase() === repo.toLowerCase());
  return define("release", {
    name: "k8s-model-revision-pinned",
    description: "Model downloads name a commit sha (40 hex digits) as their revision, not a branch or tag, so every cluster serves the same weights. Off in dev stacks by default.",
    severity: "medium",
    validateResource: (args, report) => {
      const w = workload(args);
      if (!w) return;
      const problems: string[] = [];
      for (const c of w.containers) {
        const env = list(c.c.env).filter(isObject);
        const value = (name: string) => env.find((e) => e.name === name)?.value;
        const repo = value("MODEL_REPO");
        const revision = value("MODEL_REVISION");
        if (typeof repo !== "string" || typeof revision !== "string" || COMMIT_SHA.test(revision)) continue;
        const i = modelIndex(repo);
        problems.push(`container ${c.name} downloads ${repo} at revision ${JSON.stringify(revision)}, a branch or tag that can move; set ${i >= 0 ? `llmstack:models[${i}].source.revision` : "the model's source.revision"} to the commit sha (huggingface.co/${repo}/commits)`);
      }
      if (problems.length > 0) report(`${kindAndName(args)}: ${problems.join("; ")}. Fix: pin every model to a 40-hex commit sha outside dev; the done-marker would otherwise keep whichever copy came first.`);
    },
  });
}

/** The Kubernetes policies, in table order. */
export function kubernetesPolicies(ctx: PackContext): LlmstackPolicy[] {
  return [gpuResources(ctx), probes(ctx), nonRoot(ctx), pvcExplicit(ctx), modelRevisionPinned(ctx)];
}
