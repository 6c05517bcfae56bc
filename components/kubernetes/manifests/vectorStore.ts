/**
 * Chroma 1.x as a one-replica StatefulSet with its own ReadWriteOnce PVC and a ClusterIP Service.
 *
 * The 1.x image is a Rust server (`chroma run /config.yaml`) that persists under `/data`; guides
 * for the pre-1.0 Python server mount `/chroma/chroma`, which on 1.x silently keeps the data in the
 * container's writable layer and loses it on restart. Its built-in auth is a no-op in 1.x, so access
 * is restricted by NetworkPolicy to the ingestion Job and the UI.
 */
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import type { IService } from "kubernetes-models/v1/Service";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { type AppLabels, SCRATCH_MOUNT, container, imageVersion, labels, metadata, podBasics, podSecurityContext, resources, scratchVolume, selector } from "./common";
import { pdbManifest } from "./modelServer";
import { CHROMA_PORT, type PlatformPlan } from "./plan";

/** Chroma 1.x's persist path. */
export const CHROMA_DATA_PATH = "/data";
export const CHROMA_HEARTBEAT = "/api/v2/heartbeat";

export function chromaLabels(plan: PlatformPlan): AppLabels {
  return { name: "chroma", instance: "chroma", component: "vector-store", version: imageVersion(plan.k8s.images.chroma) };
}

export function chromaSelector() {
  return selector({ name: "chroma", instance: "chroma" });
}

export function chromaStatefulSetManifest(plan: PlatformPlan): IStatefulSet {
  const vs = plan.k8s.vectorStore;
  const l = chromaLabels(plan);
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: metadata(plan, "chroma", l),
    spec: {
      serviceName: "chroma",
      replicas: 1,
      selector: { matchLabels: chromaSelector() },
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate" },
      // Deleting or scaling the StatefulSet keeps the data.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: { labels: labels(plan, l) },
        spec: {
          ...podBasics(plan),
          securityContext: podSecurityContext(plan),
          terminationGracePeriodSeconds: 30,
          containers: [
            container(plan, {
              name: "chroma",
              image: plan.k8s.images.chroma,
              env: [
                { name: "CHROMA_PERSIST_PATH", value: CHROMA_DATA_PATH },
                { name: "ANONYMIZED_TELEMETRY", value: "FALSE" },
              ],
              ports: [{ name: "http", containerPort: CHROMA_PORT, protocol: "TCP" }],
              resources: resources({ cpu: "250m", cpuLimit: "1", memory: "512Mi", memoryLimit: "2Gi" }, vs.resources),
              startupProbe: { httpGet: { path: CHROMA_HEARTBEAT, port: "http" }, periodSeconds: 5, failureThreshold: 60 },
              readinessProbe: { httpGet: { path: CHROMA_HEARTBEAT, port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: CHROMA_HEARTBEAT, port: "http" }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
              volumeMounts: [
                { name: "data", mountPath: CHROMA_DATA_PATH },
                SCRATCH_MOUNT,
              ],
            }),
          ],
          volumes: [scratchVolume("1Gi")],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: labels(plan, l) },
          spec: {
            accessModes: ["ReadWriteOnce"],
            ...(vs.storageClassName ? { storageClassName: vs.storageClassName } : {}),
            resources: { requests: { storage: vs.size } },
          },
        },
      ],
    },
  };
}

export function chromaServiceManifest(plan: PlatformPlan): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadata(plan, "chroma", chromaLabels(plan)),
    spec: {
      type: "ClusterIP",
      selector: chromaSelector(),
      ports: [{ name: "http", port: CHROMA_PORT, targetPort: "http", protocol: "TCP", appProtocol: "http" }],
    },
  };
}

export function chromaPdbManifest(plan: PlatformPlan): IPodDisruptionBudget {
  return pdbManifest(plan, "chroma", chromaLabels(plan), chromaSelector());
}
