/**
 * Where tools/engine/build.sh put the real tools, and their versions (tools/engine/versions.sh is the one
 * source: read here through bash, not repeated).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";

/** The repository root: the nearest directory up holding Pulumi.yaml (this file also runs compiled, from dist/). */
function findRepo(from: string): string {
  for (let d = from; d !== path.dirname(d); d = path.dirname(d)) if (existsSync(path.join(d, "Pulumi.yaml")) && existsSync(path.join(d, "package.json"))) return d;
  throw new Error(`no Pulumi.yaml above ${from}`);
}
export const REPO = findRepo(__dirname);
export const ENGINE_TOOLS = path.join(REPO, "tools/engine");

export interface EngineVersions {
  /** pulumi CLI, e.g. "v3.274.1". */
  readonly pulumi: string;
  /** Kubernetes (kube-apiserver), e.g. "v1.36.3". */
  readonly kubernetes: string;
  readonly etcd: string;
  /** chromadb (PyPI) = the chromadb/chroma image tag the manifests pin, e.g. "1.0.20". */
  readonly chroma: string;
}

let cached: EngineVersions | undefined;
export function engineVersions(): EngineVersions {
  cached ??= (() => {
    const out = execFileSync("bash", ["-c", `. "${ENGINE_TOOLS}/versions.sh" && echo "$PULUMI_V $K8S_V $ETCD_V $CHROMA_V"`], { encoding: "utf8" }).trim().split(" ");
    return { pulumi: out[0], kubernetes: out[1], etcd: out[2], chroma: out[3] };
  })();
  return cached;
}

/** `${LLMSTACK_ENGINE_HOME:-$HOME/.cache/llmstack-engine}`, as build.sh resolves it. */
export function engineHome(): string {
  return process.env.LLMSTACK_ENGINE_HOME || path.join(homedir(), ".cache", "llmstack-engine");
}

export const engineBin = (name: string) => path.join(engineHome(), "bin", name);
export const chromaBin = () => path.join(engineHome(), `chroma-${engineVersions().chroma}`, "bin", "chroma");

/** Every tool the tier needs, with the build command that makes it. */
export function missingTools(): string[] {
  const need: [string, string][] = [
    [engineBin("pulumi"), "pulumi"],
    [engineBin("etcd"), "etcd"],
    [engineBin("kube-apiserver"), "kube-apiserver"],
    [chromaBin(), "chroma"],
  ];
  return need.filter(([f]) => !existsSync(f)).map(([f, t]) => `${f} (tools/engine/build.sh ${t})`);
}
