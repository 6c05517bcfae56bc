/**
 * Building blocks of the Kubernetes config: Kubernetes names, quantities, resources, label maps,
 * tolerations, node-affinity expressions, NetworkPolicy peers and pinned image references.
 */
import { z } from "zod";
import { parseImageReference } from "../../validators/image";

/** A DNS-1123 label (object names, Secret names). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Object names of the platform a model's Kubernetes name must not take. */
export const RESERVED_NAMES: readonly string[] = ["chroma", "open-webui", "model-cache", "ingest", "ingest-config"];
/** A DNS-1035 label (Service names). */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes quantity with a binary or decimal unit, e.g. `20Gi`, `512Mi`. */
export const storageQuantity = z
  .string()
  .regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$/, { error: "must be a quantity with a unit, e.g. 20Gi or 512Mi" });

/** CPU as cores (`2`, `0.5`) or millicores (`500m`). */
export const cpuQuantity = z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?m?$/, { error: "must be cores (2, 0.5) or millicores (500m)" })]);

const resourceListSchema = z.strictObject({
  cpu: cpuQuantity.optional().describe("CPU, cores or millicores. @default derived"),
  memory: storageQuantity.optional().describe("Memory with a unit, e.g. `8Gi`. @default derived"),
});

/** Container `resources`; unset fields are derived from the model's size. */
export const resourcesSchema = z.strictObject({
  requests: resourceListSchema.optional().describe("Container resource requests. @default derived (see the component)"),
  limits: resourceListSchema.optional().describe("Container resource limits. @default derived; memory limit = memory request"),
});

/** Label (or annotation) key → value. */
export const labelMap = z.record(z.string().min(1).max(316), z.string().max(63));

/** A pod toleration (Kubernetes `core/v1 Toleration`). */
export const tolerationSchema = z.strictObject({
  key: z.string().optional().describe("Taint key, e.g. `nvidia.com/gpu`; empty with operator Exists tolerates every taint. @default every key"),
  operator: z.enum(["Exists", "Equal"]).optional().describe("How the toleration matches the taint: Exists (any value) or Equal (the value). @default \"Exists\" when no value is given, else \"Equal\""),
  value: z.string().optional().describe("Taint value (operator Equal). @default none"),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional().describe("Taint effect tolerated. @default every effect"),
  tolerationSeconds: z.number().int().min(0).optional().describe("Seconds a NoExecute taint is tolerated. @default forever"),
});

/** One required node-affinity match expression (all expressions are ANDed). */
export const nodeAffinityExpressionSchema = z.strictObject({
  key: z.string().min(1).describe("Node label key, e.g. `topology.kubernetes.io/zone`."),
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]).describe("Kubernetes node selector operator."),
  values: z.array(z.string()).default([]).describe("Label values (In, NotIn; one integer for Gt, Lt)."),
});

/** A NetworkPolicy `ipBlock`: a CIDR less some sub-ranges. */
export const ipBlockSchema = z.strictObject({
  cidr: z.string().min(1).describe("IP range, e.g. `10.20.30.40/32`."),
  except: z.array(z.string()).default([]).describe("Sub-ranges of cidr left out."),
});

/** A NetworkPolicy peer allowed to call the platform's services from outside its namespace. */
export const networkPeerSchema = z.strictObject({
  namespaceSelector: labelMap.optional().describe("Namespaces whose labels match (e.g. `{kubernetes.io/metadata.name: ingress-nginx}`). @default any namespace when podSelector is set, else none"),
  podSelector: labelMap.optional().describe("Pods whose labels match. @default every pod of the selected namespaces"),
  ipBlock: ipBlockSchema.optional().describe("An IP range. @default none"),
});

/** A destination of the downloads: a NetworkPolicy peer and the TCP ports allowed to it. */
export const egressPeerSchema = z.strictObject({
  ...networkPeerSchema.shape,
  ports: z.array(z.number().int().min(1).max(65535)).min(1).default([443]).describe("TCP ports allowed to the peer. @default [443]"),
});

/**
 * An image reference pinned to a version tag or digest. `latest` and untagged references move under
 * you (and production-stack's `:latest` + `Always` pull is one of the things this library fixes).
 */
export const pinnedImage = z
  .string()
  .min(1)
  .refine((ref) => imageIsPinned(ref), { error: "must be an image reference ([registry/]path:tag or path@sha256:…, lower-case path, no spaces or line breaks) pinned to a version tag or digest, not :latest or untagged" });

/**
 * A reference that follows the image grammar (validators/image.ts `parseImageReference`, the one parser
 * every image reference of the project goes through) and is pinned: a digest, or a tag other than
 * `latest`. Unlike the SPCS mirror, a Kubernetes pod pulls by digest alone, so `name@sha256:…` is pinned.
 */
export function imageIsPinned(ref: string): boolean {
  const parsed = parseImageReference(ref);
  if (!parsed) return false;
  return parsed.digest !== undefined || (parsed.tag !== undefined && parsed.tag !== "latest");
}

export type Toleration = z.output<typeof tolerationSchema>;
export type NodeAffinityExpression = z.output<typeof nodeAffinityExpressionSchema>;
export type NetworkPeer = z.output<typeof networkPeerSchema>;
export type EgressPeer = z.output<typeof egressPeerSchema>;

const GiB_UNITS: Record<string, number> = {
  Ki: 1 / 1024 ** 2, Mi: 1 / 1024, Gi: 1, Ti: 1024, Pi: 1024 ** 2,
  k: 1e3 / 1024 ** 3, M: 1e6 / 1024 ** 3, G: 1e9 / 1024 ** 3, T: 1e12 / 1024 ** 3, P: 1e15 / 1024 ** 3,
};

/** A quantity (`20Gi`, `512Mi`, `10G`) in GiB. */
export function quantityGiB(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGTP]i|[kMGTP])?$/.exec(q);
  if (!m) throw new Error(`not a quantity: ${q}`);
  return Number(m[1]) * (m[2] ? GiB_UNITS[m[2]] : 1 / 1024 ** 3);
}
