/**
 * Turns a plain manifest (from ./manifests) into the matching `@pulumi/kubernetes` resource, so the
 * components hold no manifest logic of their own and what Pulumi applies is exactly what the tests
 * and the offline plan render.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

type Manifest = { apiVersion?: string; kind?: string; metadata?: { name?: string } };

const CLASSES: Record<string, new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource> = {
  "v1/Namespace": k8s.core.v1.Namespace,
  "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
  "v1/Secret": k8s.core.v1.Secret,
  "v1/ConfigMap": k8s.core.v1.ConfigMap,
  "v1/Service": k8s.core.v1.Service,
  "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
  "apps/v1/Deployment": k8s.apps.v1.Deployment,
  "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet,
  "batch/v1/Job": k8s.batch.v1.Job,
  "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy,
};

/**
 * Create the resource for `manifest`. Objects with a fixed `metadata.name` are replaced
 * delete-first (a create-first replacement would collide with the old object's name); Jobs carry a
 * content hash in their name, so they are replaced create-first.
 */
export function createResource(name: string, manifest: object, opts: pulumi.CustomResourceOptions, extra: Record<string, unknown> = {}): pulumi.CustomResource {
  const m = manifest as Manifest;
  const key = `${m.apiVersion}/${m.kind}`;
  const Cls = CLASSES[key];
  if (!Cls) throw new Error(`no @pulumi/kubernetes class for ${key}`);
  const fixedName = m.kind !== "Job";
  return new Cls(name, { ...manifest, ...extra } as never, { deleteBeforeReplace: fixedName, ...opts });
}
