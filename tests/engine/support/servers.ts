/**
 * Start/stop the real servers through tools/engine/start-*.sh and stop.sh (one implementation for people and
 * tests), each in its own temporary directory.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ENGINE_TOOLS } from "./tools";

export interface Running {
  readonly dir: string;
  stop(): void;
}

function start(script: string, prefix: string): Running {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const stop = () => {
    execFileSync(path.join(ENGINE_TOOLS, "stop.sh"), [dir], { stdio: "inherit" });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync(path.join(ENGINE_TOOLS, script), [dir], { stdio: ["ignore", "inherit", "inherit"], timeout: 180_000 });
  } catch (e) {
    stop();
    throw e;
  }
  return { dir, stop };
}

/** etcd + kube-apiserver on loopback; `kubeconfig` holds the admin token. */
export function startKube(): Running & { kubeconfig: string } {
  const r = start("start-kube.sh", "llmstack-kube-");
  return { ...r, kubeconfig: path.join(r.dir, "kubeconfig") };
}

/** The pinned Chroma server on loopback. */
export function startChroma(): Running & { url: string } {
  const r = start("start-chroma.sh", "llmstack-chroma-");
  return { ...r, url: readFileSync(path.join(r.dir, "chroma.url"), "utf8").trim() };
}
