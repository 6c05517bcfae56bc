/**
 * Stack config for the Kubernetes path (`llmstack:kubernetes` and `models[].kubernetes`).
 * Placeholder shape; the Kubernetes path fills it in.
 */
import { z } from "zod";

export const kubernetesSchema = z.strictObject({
  /** Namespace everything is created in. @default "llmstack" */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63).default("llmstack"),
});

export const modelKubernetesSchema = z.strictObject({
  /** Deployment replicas. @default 1 */
  replicas: z.number().int().min(1).default(1),
});

export type KubernetesConfig = z.output<typeof kubernetesSchema>;
export type ModelKubernetesConfig = z.output<typeof modelKubernetesSchema>;
