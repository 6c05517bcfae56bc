/**
 * The ingestion Job (code in services/ingest): a ConfigMap with its configuration and a Job whose
 * init containers wait for Chroma's heartbeat and the embedding server's /health, then read the
 * sources, chunk, embed and upsert with stable ids. Its name carries a hash of what it does, so a
 * changed config runs a new Job and an unchanged one is left alone.
 */
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IngestConfig, IngestSource } from "../../../services/ingest/src/config";
import { type AppLabels, SCRATCH_MOUNT, TINY_RESOURCES, container, imageVersion, labels, metadata, podBasics, podSecurityContext, resources, scratchVolume, selector } from "./common";
import { INGEST_CONFIG_FILE, INGEST_CONFIG_MOUNT, SECRETS, shortHash, type PlatformPlan } from "./plan";
import { CHROMA_HEARTBEAT } from "./vectorStore";

export const DATA_MOUNT = "/data";
export const INGEST_MAIN = "/app/dist/main.js";

export function ingestLabels(plan: PlatformPlan): AppLabels {
  return { name: "ingest", instance: "ingest", component: "ingestion", version: imageVersion(plan.k8s.images.ingest ?? "") };
}

export function ingestSelector() {
  return selector({ name: "ingest", instance: "ingest" });
}

/** The configuration the Job reads (no secrets: the API key comes from the environment). */
export function ingestConfig(plan: PlatformPlan): IngestConfig {
  const ing = plan.k8s.ingestion!;
  const emb = plan.embedding!;
  const vs = plan.k8s.vectorStore;
  return {
    sources: ing.sources.map((s): IngestSource => ({ ...s })),
    dataDir: DATA_MOUNT,
    chunk: { size: ing.chunkSize, overlap: ing.chunkOverlap },
    batchSize: ing.batchSize,
    prune: ing.prune,
    embeddings: { baseUrl: `${emb.service.url}/v1`, model: emb.name, maxTokens: emb.placement.maxContextLength, apiKeyEnv: "EMBEDDING_API_KEY" },
    chroma: { url: plan.chroma!.url, tenant: vs.tenant, database: vs.database, collection: vs.collection },
    http: { timeoutMs: 120_000, retries: 4 },
  };
}

export function ingestConfigMapManifest(plan: PlatformPlan): IConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: metadata(plan, "ingest-config", ingestLabels(plan)),
    data: { [INGEST_CONFIG_FILE]: JSON.stringify(ingestConfig(plan), null, 2) },
  };
}

export function ingestJobName(plan: PlatformPlan): string {
  return `ingest-${shortHash({ config: ingestConfig(plan), image: plan.k8s.images.ingest, data: plan.k8s.ingestion!.data ?? null })}`;
}

/** The URLs the wait containers poll. */
export function ingestWaitUrls(plan: PlatformPlan): { vectorStore: string; embeddings: string } {
  return { vectorStore: `${plan.chroma!.url}${CHROMA_HEARTBEAT}`, embeddings: `${plan.embedding!.service.url}/health` };
}

export function ingestJobManifest(plan: PlatformPlan): IJob {
  const ing = plan.k8s.ingestion!;
  const image = plan.k8s.images.ingest!;
  const l = ingestLabels(plan);
  const waits = ingestWaitUrls(plan);
  const timeout = String(ing.waitTimeoutSecs);
  const dataVolume: IVolume | undefined = ing.data?.persistentVolumeClaim
    ? { name: "data", persistentVolumeClaim: { claimName: ing.data.persistentVolumeClaim, readOnly: true } }
    : ing.data?.configMap
      ? { name: "data", configMap: { name: ing.data.configMap } }
      : undefined;
  const wait = (name: string, url: string) =>
    container(plan, { name, image, command: ["node", INGEST_MAIN, "wait", "--url", url, "--timeout", timeout], resources: TINY_RESOURCES });

  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: metadata(plan, ingestJobName(plan), l, { "llmstack.io/collection": plan.k8s.vectorStore.collection }),
    spec: {
      backoffLimit: ing.backoffLimit,
      template: {
        metadata: { labels: labels(plan, l) },
        spec: {
          ...podBasics(plan),
          restartPolicy: "Never",
          securityContext: podSecurityContext(plan),
          initContainers: [wait("wait-vector-store", waits.vectorStore), wait("wait-embeddings", waits.embeddings)],
          containers: [
            container(plan, {
              name: "ingest",
              image,
              command: ["node", INGEST_MAIN, "ingest", "--config", `${INGEST_CONFIG_MOUNT}/${INGEST_CONFIG_FILE}`],
              env: [
                { name: "EMBEDDING_API_KEY", valueFrom: { secretKeyRef: { name: SECRETS.apiKey.name, key: SECRETS.apiKey.key } } },
                { name: "NODE_ENV", value: "production" },
              ],
              resources: resources({ cpu: "250m", cpuLimit: "1", memory: "512Mi", memoryLimit: "1Gi" }, ing.resources),
              volumeMounts: [
                { name: "config", mountPath: INGEST_CONFIG_MOUNT, readOnly: true },
                ...(dataVolume ? [{ name: "data", mountPath: DATA_MOUNT, readOnly: true }] : []),
                SCRATCH_MOUNT,
              ],
            }),
          ],
          volumes: [{ name: "config", configMap: { name: "ingest-config" } }, ...(dataVolume ? [dataVolume] : []), scratchVolume("1Gi")],
        },
      },
    },
  };
}
