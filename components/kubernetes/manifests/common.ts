/**
 * Pieces every workload manifest uses: Kubernetes recommended labels, the restricted security
 * contexts, scheduling, resources. Types are kubernetes-models' interfaces (generated from the
 * Kubernetes OpenAPI), so a misspelled field in an object literal is a compile error too.
 */
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import type { IResourceRequirements } from "kubernetes-models/v1/ResourceRequirements";
import type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";
import type { IToleration } from "kubernetes-models/v1/Toleration";
import type { IAffinity } from "kubernetes-models/v1/Affinity";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { NodeAffinityExpression, Toleration } from "../../../config/kubernetes";
import { SERVICE_ACCOUNT, type PlatformPlan } from "./plan";

export const PART_OF = "llmstack";

/** `app.kubernetes.io/*` labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels). */
export interface AppLabels {
  /** The application: vllm, chroma, open-webui, model-download, ingest. */
  readonly name: string;
  /** This instance of it: the model name, or the application name. */
  readonly instance: string;
  /** Its role: inference, embedding, vector-store, ui, model-download, ingestion, … */
  readonly component: string;
  /** Image tag. */
  readonly version?: string;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The version label from an image reference (tag; nothing for digests or odd tags). */
export function imageVersion(image: string): string | undefined {
  if (image.includes("@")) return undefined;
  const tag = image.slice(image.lastIndexOf(":") + 1);
  return tag.length <= 63 && LABEL_VALUE.test(tag) ? tag : undefined;
}

export function labels(plan: PlatformPlan, l: AppLabels): Record<string, string> {
  return {
    ...plan.k8s.labels,
    "app.kubernetes.io/name": l.name,
    "app.kubernetes.io/instance": l.instance,
    "app.kubernetes.io/component": l.component,
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": "pulumi",
    ...(l.version ? { "app.kubernetes.io/version": l.version } : {}),
  };
}

/** The stable subset used in selectors (never the version). */
export function selector(l: Pick<AppLabels, "name" | "instance">): Record<string, string> {
  return { "app.kubernetes.io/name": l.name, "app.kubernetes.io/instance": l.instance };
}

export function metadata(plan: PlatformPlan, name: string, l: AppLabels, annotations?: Record<string, string>) {
  return { name, namespace: plan.namespace, labels: labels(plan, l), ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}) };
}

/**
 * Pod security context meeting the Pod Security Standard "restricted": a non-zero UID/GID, fsGroup
 * so mounted volumes are group-writable for that GID (the download Job and the servers share it),
 * and the runtime's default seccomp profile.
 */
export function podSecurityContext(plan: PlatformPlan, opts: { root?: boolean; supplementalGroups?: number[] } = {}): IPodSecurityContext {
  const s = plan.k8s.security;
  return {
    ...(opts.root ? { runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 } : { runAsNonRoot: true, runAsUser: s.runAsUser, runAsGroup: s.runAsGroup }),
    fsGroup: s.fsGroup,
    fsGroupChangePolicy: "OnRootMismatch",
    ...(opts.supplementalGroups ? { supplementalGroups: opts.supplementalGroups } : {}),
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container security context: no privilege, no escalation, every capability dropped. */
export function containerSecurityContext(plan: PlatformPlan, opts: { root?: boolean; writableRoot?: boolean } = {}): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: opts.writableRoot ? false : plan.k8s.security.readOnlyRootFilesystem,
    runAsNonRoot: !opts.root,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Pod-level fields every workload shares. */
export function podBasics(plan: PlatformPlan) {
  return {
    serviceAccountName: SERVICE_ACCOUNT,
    automountServiceAccountToken: false,
    // A Service named like an env prefix (`vllm` → VLLM_PORT=tcp://…) breaks servers that read it.
    enableServiceLinks: false,
    ...(plan.k8s.images.pullSecrets.length > 0 ? { imagePullSecrets: plan.k8s.images.pullSecrets.map((name) => ({ name })) } : {}),
  };
}

export function emptyDir(name: string, sizeLimit: string, medium?: "Memory"): IVolume {
  return { name, emptyDir: { ...(medium ? { medium } : {}), sizeLimit } };
}

/**
 * Writable scratch space inside a container: the root filesystem is read-only, so HOME, caches and
 * temporary files live on an emptyDir mounted here. One name for the mount and every path into it.
 */
export const SCRATCH_DIR = "/tmp";
const SCRATCH_VOLUME = "tmp";

/** A path in the container's scratch space, e.g. `scratchPath("home")`. */
export function scratchPath(sub: string): string {
  return `${SCRATCH_DIR}/${sub}`;
}

/** The scratch emptyDir volume (its size bounds what the container may write). */
export function scratchVolume(sizeLimit: string): IVolume {
  return emptyDir(SCRATCH_VOLUME, sizeLimit);
}

/** Mounts the scratch volume at {@link SCRATCH_DIR}. */
export const SCRATCH_MOUNT = { name: SCRATCH_VOLUME, mountPath: SCRATCH_DIR } as const;

export interface ResourceOverrides {
  requests?: { cpu?: string | number; memory?: string };
  limits?: { cpu?: string | number; memory?: string };
}

/** Requests/limits with config overrides; memory limit = memory request unless set; no CPU limit when neither sets one. */
export function resources(
  defaults: { cpu: string; memory: string; cpuLimit?: string; memoryLimit?: string; extended?: Record<string, number> },
  overrides?: ResourceOverrides,
): IResourceRequirements {
  const cpu = String(overrides?.requests?.cpu ?? defaults.cpu);
  const memory = overrides?.requests?.memory ?? defaults.memory;
  const ext = Object.fromEntries(Object.entries(defaults.extended ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    requests: { cpu, memory, ...ext },
    limits: {
      ...(overrides?.limits?.cpu ?? defaults.cpuLimit ? { cpu: String(overrides?.limits?.cpu ?? defaults.cpuLimit) } : {}),
      memory: overrides?.limits?.memory ?? overrides?.requests?.memory ?? defaults.memoryLimit ?? memory,
      ...ext,
    },
  };
}

export function tolerations(list: readonly Toleration[]): IToleration[] {
  return list.map((t) => ({
    ...(t.key !== undefined ? { key: t.key } : {}),
    operator: t.operator ?? (t.value !== undefined ? "Equal" : "Exists"),
    ...(t.value !== undefined ? { value: t.value } : {}),
    ...(t.effect ? { effect: t.effect } : {}),
    ...(t.tolerationSeconds !== undefined ? { tolerationSeconds: t.tolerationSeconds } : {}),
  }));
}

export function requiredNodeAffinity(expressions: readonly NodeAffinityExpression[]): IAffinity | undefined {
  if (expressions.length === 0) return undefined;
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          {
            matchExpressions: expressions.map((e) => ({
              key: e.key,
              operator: e.operator,
              ...(e.operator === "Exists" || e.operator === "DoesNotExist" ? {} : { values: [...e.values] }),
            })),
          },
        ],
      },
    },
  };
}

/** A container with the platform's pull policy and security context. */
export function container(plan: PlatformPlan, c: Omit<IContainer, "imagePullPolicy" | "securityContext"> & { image: string }, sc?: ISecurityContext): IContainer {
  return { ...c, imagePullPolicy: plan.k8s.images.pullPolicy, securityContext: sc ?? containerSecurityContext(plan) };
}

/** Cores of a CPU quantity: `2` → 2, `500m` → 0.5 (Pachyderm's `cpu` is such a float, pps.proto ResourceSpec). */
export function cores(q: string | number): number {
  const t = String(q);
  return t.endsWith("m") ? Number(t.slice(0, -1)) / 1000 : Number(t);
}

/** Small init/wait containers. */
export const TINY_RESOURCES: IResourceRequirements = { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "128Mi" } };
