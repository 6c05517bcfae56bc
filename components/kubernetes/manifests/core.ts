/**
 * Namespace (with Pod Security Admission labels), the workloads' ServiceAccount (no token), and the
 * Secrets as shells: name, labels, key — never a value. The component fills `stringData` from
 * Pulumi secrets; the offline render leaves them empty.
 */
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { labels, metadata, PART_OF } from "./common";
import { SECRETS, SERVICE_ACCOUNT, type PlatformPlan } from "./plan";

/** The PSA level the namespace enforces: the configured one, lowered to baseline for a root UI. */
export function podSecurityLevel(plan: PlatformPlan): "restricted" | "baseline" | "privileged" {
  const level = plan.k8s.security.podSecurityLevel;
  if (plan.ui && !plan.k8s.ui.runAsNonRoot && level === "restricted") return "baseline";
  return level;
}

export function namespaceManifest(plan: PlatformPlan): INamespace {
  const level = podSecurityLevel(plan);
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: plan.namespace,
      labels: {
        ...labels(plan, { name: PART_OF, instance: plan.namespace, component: "namespace" }),
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      },
    },
  };
}

export function serviceAccountManifest(plan: PlatformPlan): IServiceAccount {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: metadata(plan, SERVICE_ACCOUNT, { name: PART_OF, instance: SERVICE_ACCOUNT, component: "service-account" }),
    // No workload here talks to the API server.
    automountServiceAccountToken: false,
  };
}

/** The platform's Secrets (openaiApiKeys is a second key of the API-key Secret). */
export type SecretName = "hfToken" | "apiKey" | "webuiSecretKey";

/** Which secrets the plan uses. */
export function secretsUsed(plan: PlatformPlan): SecretName[] {
  const out: SecretName[] = [];
  if (plan.secrets.hfToken && plan.models.length > 0) out.push("hfToken");
  if (plan.models.length > 0) out.push("apiKey");
  if (plan.ui) out.push("webuiSecretKey");
  return out;
}

/** Keys of a Secret and the values they are derived from (the Pulumi secret's value). */
export function secretKeys(plan: PlatformPlan, which: SecretName): Record<string, (value: string) => string> {
  const keys: Record<string, (value: string) => string> = { [SECRETS[which].key]: (v) => v };
  if (which === "apiKey" && plan.ui) keys[SECRETS.openaiApiKeys.key] = (v) => plan.ui!.chatModels.map(() => v).join(";");
  return keys;
}

/** A Secret without data; `llmstack.io/value-from` says which Pulumi secret fills which keys. */
export function secretShell(plan: PlatformPlan, which: SecretName): ISecret {
  const s = SECRETS[which];
  const keys = Object.keys(secretKeys(plan, which)).join(", ");
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: metadata(plan, s.name, { name: PART_OF, instance: s.name, component: "secret" }, { "llmstack.io/value-from": `${s.config} (Pulumi secret), keys ${keys}` }),
  };
}
