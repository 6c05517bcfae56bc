/**
 * Offline Kubernetes validation for the tests: runs validate-manifests.mjs (kubernetes-models + our
 * strict unknown-field check) in a child Node process, because kubernetes-models is ESM-only.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

export interface ManifestCheck {
  apiVersion: string;
  kind: string;
  name?: string;
  /** Errors from kubernetes-models' OpenAPI validators. */
  schemaErrors: string[];
  /** JSON-pointer paths of keys the schema does not define. */
  unknownFields: string[];
}

/** The Kubernetes version kubernetes-models' validators were generated from (its 5.0.0 changelog: "Update to Kubernetes v1.36.0"). */
export const KUBERNETES_OPENAPI_VERSION = "v1.36.0";

export function kubernetesModelsVersion(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../../../node_modules/kubernetes-models/package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function validateManifests(objects: readonly object[]): ManifestCheck[] {
  const script = path.join(__dirname, "validate-manifests.mjs");
  const r = spawnSync(process.execPath, [script], { input: JSON.stringify(objects), encoding: "utf8", cwd: path.resolve(__dirname, "../../.."), maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`validate-manifests.mjs failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ManifestCheck[];
}
