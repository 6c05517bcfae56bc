/**
 * How `@pulumi/kubernetes` applies a change to a Kubernetes object, as certain as the SPCS provider's
 * own diff: a change under one of the kind's force-new paths replaces the object, any other change
 * updates it in place. The paths are the provider's table, `forceNew` in pulumi/pulumi-kubernetes
 * `provider/pkg/provider/diff.go` (and `metadataForceNewProperties`: `.metadata.name`,
 * `.metadata.namespace` for every kind); only the kinds the platform creates are listed.
 *
 * What an in-place update then does, for the kinds where it matters (Kubernetes docs,
 * concepts/workloads/controllers): a Deployment or StatefulSet whose pod template changes rolls its
 * pods by its update strategy, so with one replica and `maxUnavailable: 1` (the GPU servers, Chroma,
 * Open WebUI's `Recreate`) the workload is down until the new pod is ready; a `replicas` change only
 * scales.
 */
import type { Certainty, ChangeAction, Classification, PropertyChange } from "./classify";

export const PULUMI_KUBERNETES_DIFF = "pulumi/pulumi-kubernetes provider/pkg/provider/diff.go (forceNew)";

const SELECTOR = ["spec.selector"];

/** Force-new paths per `kubernetes:<group>/<version>:<Kind>` type, besides metadata.name and metadata.namespace. */
export const KUBERNETES_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  "kubernetes:apps/v1:Deployment": SELECTOR,
  "kubernetes:apps/v1:StatefulSet": ["spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.serviceName", "spec.volumeClaimTemplates", ...SELECTOR],
  "kubernetes:batch/v1:Job": ["spec.completions", "spec.parallelism", "spec.template", ...SELECTOR],
  // Every field of a claim's spec: storage class, access modes, size (a resize too), selector, volume name.
  "kubernetes:core/v1:PersistentVolumeClaim": ["spec"],
  "kubernetes:core/v1:ConfigMap": ["data", "binaryData"],
  "kubernetes:core/v1:Secret": ["type", "stringData", "data"],
  "kubernetes:core/v1:Service": ["spec.clusterIP"],
  // Not in the table: changed in place.
  "kubernetes:core/v1:Namespace": [],
  "kubernetes:core/v1:ServiceAccount": [],
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": [],
  "kubernetes:policy/v1:PodDisruptionBudget": [],
};

const METADATA_FORCE_NEW = ["metadata.name", "metadata.namespace"];

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** What a change of a pod-owning workload does to its pods. */
function rolloutConsequences(type: string, olds: Record<string, unknown>, news: Record<string, unknown>, changed: readonly PropertyChange[]): { downtime: boolean; consequences: string[] } {
  const spec = (news.spec ?? {}) as { replicas?: number; strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } }; updateStrategy?: { type?: string } };
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
  const template = changed.some((c) => under(c.path, "spec.template"));
  const out: string[] = [];
  let downtime = false;
  const oldReplicas = ((olds.spec ?? {}) as { replicas?: number }).replicas;
  if (changed.some((c) => c.path === "spec.replicas")) out.push(`scales from ${oldReplicas ?? 1} to ${replicas} replica(s)${template ? "" : "; running pods are not restarted"}`);
  if (template) {
    if (type === "kubernetes:apps/v1:Deployment") {
      const recreate = spec.strategy?.type === "Recreate";
      const maxUnavailable = spec.strategy?.rollingUpdate?.maxUnavailable;
      downtime = recreate || (replicas === 1 && maxUnavailable !== 0 && maxUnavailable !== "0%");
      out.push(
        recreate
          ? "pods are recreated (strategy Recreate): unavailable until the new pod is ready"
          : `rolling update: pods are replaced ${replicas === 1 && downtime ? "— with one replica and maxUnavailable ≥ 1 the model is unavailable until the new pod is ready (image pull, download wait, model load)" : "one at a time by the strategy"}`,
      );
    } else if (type === "kubernetes:apps/v1:StatefulSet") {
      downtime = replicas === 1;
      out.push(`rolling update of the StatefulSet's pods${downtime ? ": with one replica it is unavailable until the new pod is ready" : ""}`);
    }
  }
  return { downtime, consequences: out };
}

/** The classification of a change to a `kubernetes:*` object, or undefined for a kind not in the table. */
export function classifyKubernetesChange(type: string, olds: Record<string, unknown>, news: Record<string, unknown>, changes: PropertyChange[]): Classification | undefined {
  const kindPaths = KUBERNETES_FORCE_NEW[type];
  if (!kindPaths) return undefined;
  const certainty: Certainty = "verified-table";
  if (changes.length === 0) return { action: "none", certainty, changedKeys: [], replaceKeys: [], reasons: [], consequences: [], changes: [] };
  const forceNew = [...METADATA_FORCE_NEW, ...kindPaths];
  const replacing = changes.filter((c) => forceNew.some((p) => under(c.path, p)));
  const changedKeys = [...new Set(changes.map((c) => c.path.split(/[.[]/)[0]))].sort();
  const replaceKeys = [...new Set(replacing.map((c) => c.path.split(/[.[]/)[0]))].sort();
  const kind = type.split(":").pop();
  if (replacing.length > 0) {
    const paths = [...new Set(replacing.map((c) => forceNew.find((p) => under(c.path, p))!))];
    const consequences =
      type === "kubernetes:core/v1:PersistentVolumeClaim"
        ? ["a new, empty volume: what the old one held (cached weights, Open WebUI's database) is gone unless its PersistentVolume is retained; the model cache is downloaded again"]
        : type === "kubernetes:batch/v1:Job"
          ? ["a new Job runs (the old one is deleted); for a model download it finds its marker and exits if the revision is unchanged"]
          : [];
    return {
      action: "replace",
      certainty,
      changedKeys,
      replaceKeys,
      reasons: paths.map((p) => `${p}: a ${kind} is replaced when it changes (${PULUMI_KUBERNETES_DIFF})`),
      consequences,
      changes,
    };
  }
  const roll = type === "kubernetes:apps/v1:Deployment" || type === "kubernetes:apps/v1:StatefulSet" ? rolloutConsequences(type, olds, news, changes) : { downtime: false, consequences: [] };
  const action: ChangeAction = roll.downtime ? "update-with-downtime" : "update";
  return {
    action,
    certainty,
    changedKeys,
    replaceKeys: [],
    reasons: [`${changedKeys.join(", ")}: changed in place (none of the ${kind}'s force-new paths in ${PULUMI_KUBERNETES_DIFF})`],
    consequences: roll.consequences,
    changes,
  };
}
