/**
 * Open WebUI (optional), pointed at the chat servers, the embedding server and Chroma, with every
 * setting pinned by environment: `ENABLE_PERSISTENT_CONFIG=false` stops it from preferring values
 * saved in its database over the env on later boots. One replica (SQLite on a ReadWriteOnce PVC),
 * replaced with Recreate so two pods never share the volume.
 *
 * Licence: since v0.6.6 Open WebUI is BSD-3 plus a branding clause (removing or altering its
 * branding for more than 50 users in 30 days needs an enterprise licence); see the README.
 */
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { IService } from "kubernetes-models/v1/Service";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { type AppLabels, SCRATCH_MOUNT, container, containerSecurityContext, imageVersion, labels, metadata, podBasics, podSecurityContext, resources, scratchPath, scratchVolume, selector } from "./common";
import { uiChunking } from "../../../config/kubernetes";
import { pdbManifest } from "./modelServer";
import { SECRETS, UI_PORT, type PlatformPlan } from "./plan";

/**
 * Where the data PVC is mounted (DATA_DIR: SQLite, uploads). Not over `/app/backend/data`, the
 * image's own data directory: the image bakes caches there (`TIKTOKEN_CACHE_DIR`,
 * `SENTENCE_TRANSFORMERS_HOME`, `WHISPER_MODEL_DIR` under /app/backend/data/cache, open-webui
 * `Dockerfile`), and a PVC mounted over it hides them, as Docker named volumes (which copy image content
 * on first mount) do not (open-webui/helm-charts#38). Open WebUI reads DATA_DIR from the environment
 * (`backend/open_webui/env.py`); those cache variables keep pointing into the image.
 */
export const UI_DATA_PATH = "/var/lib/open-webui";

export function uiLabels(plan: PlatformPlan): AppLabels {
  return { name: "open-webui", instance: "open-webui", component: "ui", version: imageVersion(plan.k8s.images.openWebui) };
}

export function uiSelector() {
  return selector({ name: "open-webui", instance: "open-webui" });
}

export function uiPvcManifest(plan: PlatformPlan): IPersistentVolumeClaim {
  const ui = plan.k8s.ui;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: metadata(plan, "open-webui-data", uiLabels(plan)),
    spec: {
      accessModes: ["ReadWriteOnce"],
      volumeMode: "Filesystem",
      ...(ui.storageClassName ? { storageClassName: ui.storageClassName } : {}),
      resources: { requests: { storage: ui.size } },
    },
  };
}

/** Environment pinning Open WebUI's settings. */
export function uiEnv(plan: PlatformPlan): IEnvVar[] {
  const ui = plan.ui!;
  const chat = ui.chatModels;
  // Every key comes from a Secret; OPENAI_API_KEYS is the API key once per backend, `;`-joined, kept as its own Secret key.
  const secret = (name: string, ref: { name: string; key: string }): IEnvVar => ({ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } });
  const env: IEnvVar[] = [
    { name: "WEBUI_SECRET_KEY", valueFrom: { secretKeyRef: { name: SECRETS.webuiSecretKey.name, key: SECRETS.webuiSecretKey.key } } },
    { name: "ENABLE_PERSISTENT_CONFIG", value: "false" },
    { name: "WEBUI_AUTH", value: String(plan.k8s.ui.auth) },
    { name: "DEFAULT_USER_ROLE", value: "pending" },
    { name: "ENABLE_OLLAMA_API", value: "false" },
    { name: "ENABLE_OPENAI_API", value: "true" },
    { name: "OPENAI_API_BASE_URLS", value: chat.map((m) => `${m.service.url}/v1`).join(";") },
    secret("OPENAI_API_KEYS", SECRETS.openaiApiKeys),
    { name: "DATA_DIR", value: UI_DATA_PATH },
    { name: "PORT", value: String(UI_PORT) },
    { name: "HOME", value: scratchPath("home") },
    // Nothing is fetched from the internet (no egress is allowed): no version checks, no model downloads.
    { name: "OFFLINE_MODE", value: "true" },
    { name: "HF_HUB_OFFLINE", value: "1" },
    { name: "ANONYMIZED_TELEMETRY", value: "false" },
    { name: "SCARF_NO_ANALYTICS", value: "true" },
    { name: "DO_NOT_TRACK", value: "true" },
  ];
  if (plan.chroma) {
    env.push(
      { name: "VECTOR_DB", value: "chroma" },
      { name: "CHROMA_HTTP_HOST", value: plan.chroma.dns },
      { name: "CHROMA_HTTP_PORT", value: String(plan.chroma.port) },
      { name: "CHROMA_HTTP_SSL", value: "false" },
      { name: "CHROMA_TENANT", value: plan.k8s.vectorStore.tenant },
      { name: "CHROMA_DATABASE", value: plan.k8s.vectorStore.database },
    );
  }
  if (plan.embedding) {
    // Uploads are split by characters (RAG_TEXT_SPLITTER unset) into CHUNK_SIZE pieces, each embedded
    // whole: keep them inside the embedding model's --max-model-len, or vLLM answers 400.
    const chunk = uiChunking(plan.k8s, plan.embedding.placement.maxContextLength);
    env.push(
      { name: "CHUNK_SIZE", value: String(chunk.size) },
      { name: "CHUNK_OVERLAP", value: String(chunk.overlap) },
      { name: "RAG_EMBEDDING_ENGINE", value: "openai" },
      { name: "RAG_OPENAI_API_BASE_URL", value: `${plan.embedding.service.url}/v1` },
      secret("RAG_OPENAI_API_KEY", SECRETS.apiKey),
      { name: "RAG_EMBEDDING_MODEL", value: plan.embedding.name },
    );
  }
  return env;
}

export function uiDeploymentManifest(plan: PlatformPlan): IDeployment {
  const ui = plan.k8s.ui;
  const l = uiLabels(plan);
  const root = !ui.runAsNonRoot;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: metadata(plan, "open-webui", l),
    spec: {
      replicas: 1,
      revisionHistoryLimit: 3,
      selector: { matchLabels: uiSelector() },
      strategy: { type: "Recreate" },
      template: {
        metadata: { labels: labels(plan, l) },
        spec: {
          ...podBasics(plan),
          // The image keeps its app tree group-0 writable for arbitrary UIDs (OpenShift style): join group 0.
          securityContext: podSecurityContext(plan, root ? { root: true } : { supplementalGroups: [0] }),
          terminationGracePeriodSeconds: 30,
          containers: [
            container(
              plan,
              {
                name: "open-webui",
                image: plan.k8s.images.openWebui,
                env: uiEnv(plan),
                ports: [{ name: "http", containerPort: UI_PORT, protocol: "TCP" }],
                resources: resources({ cpu: "250m", cpuLimit: "2", memory: "1Gi", memoryLimit: "2Gi" }, ui.resources),
                // First boot runs database migrations.
                startupProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
                readinessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 5 },
                volumeMounts: [
                  { name: "data", mountPath: UI_DATA_PATH },
                  SCRATCH_MOUNT,
                ],
              },
              // It writes its static files and log into its own tree at start: the root filesystem stays writable.
              containerSecurityContext(plan, { root, writableRoot: true }),
            ),
          ],
          volumes: [{ name: "data", persistentVolumeClaim: { claimName: "open-webui-data" } }, scratchVolume("2Gi")],
        },
      },
    },
  };
}

export function uiServiceManifest(plan: PlatformPlan): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadata(plan, "open-webui", uiLabels(plan)),
    spec: {
      type: "ClusterIP",
      selector: uiSelector(),
      ports: [{ name: "http", port: UI_PORT, targetPort: "http", protocol: "TCP", appProtocol: "http" }],
    },
  };
}

export function uiPdbManifest(plan: PlatformPlan): IPodDisruptionBudget {
  return pdbManifest(plan, "open-webui", uiLabels(plan), uiSelector());
}
