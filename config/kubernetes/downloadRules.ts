/**
 * Rules about the model downloads: where they run (no Job on a ReadWriteOnce cache: it and the server
 * would need the volume on two nodes, a Multi-Attach deadlock), and whether what they must reach — the
 * mirror, the proxy — is allowed by the NetworkPolicies the platform renders.
 */
import type { ModelConfig } from "../schema";
import { egressReaches, hostPort, INTERNET_PORTS } from "./egress";
import type { KubernetesModelPlacement } from "./placement";
import type { KubernetesConfig } from "./schema";

export type Report = (path: (string | number)[], message: string, hint?: string) => void;

const EGRESS_HINT = (host: string, port: number) =>
  `add it to kubernetes.networkPolicy.downloadEgress, e.g. [{ipBlock: {cidr: <its address>/32}, ports: [${port}]}]` +
  ` (an in-cluster Service: [{namespaceSelector: {kubernetes.io/metadata.name: <its namespace>}, podSelector: {<its pods' labels>}, ports: [<its pods' port>]}])` +
  ` so the downloads may connect to ${host}:${port}`;

function describeNoEgress(what: string, host: string, port: number): string {
  return `${what} ${host}:${port} is not reachable under the download NetworkPolicy: internetEgress opens only ${INTERNET_PORTS.join(" and ")} outside private, CGNAT and link-local ranges, and no downloadEgress entry covers it`;
}

export function checkDownloads(k8s: KubernetesConfig, models: readonly ModelConfig[], placements: readonly KubernetesModelPlacement[], report: Report): void {
  const mc = k8s.modelCache;
  if (mc.downloadIn === "job" && mc.accessMode !== "ReadWriteMany" && placements.length > 0) {
    report(
      ["kubernetes", "modelCache", "downloadIn"],
      `a download Job and the model server would both mount the ${mc.accessMode} cache, from different nodes: the second waits forever on a Multi-Attach error (on every revision change, and on first install with kubectl apply)`,
      "remove downloadIn (a ReadWriteOnce cache is filled by the server's own pod), or use accessMode: ReadWriteMany with an RWX storage class",
    );
  }

  if (mc.downloadIn === "server") {
    for (const p of placements) {
      if (p.k8s.replicas > 1) {
        report(
          ["models", p.index, "kubernetes", "replicas"],
          `with downloadIn: server each of the ${p.k8s.replicas} replicas downloads into the same cache directory at once, and their done-markers race`,
          "use replicas: 1, or remove kubernetes.modelCache.downloadIn (a ReadWriteMany cache is filled once by a download Job)",
        );
      }
    }
  }

  const proxy = k8s.proxy;
  if (proxy) {
    for (const key of ["httpsProxy", "httpProxy"] as const) {
      const url = proxy[key];
      if (!url) continue;
      const { host, port } = hostPort(url);
      if (egressReaches(k8s, host, port) === false) report(["kubernetes", "proxy", key], describeNoEgress("the proxy", host, port), EGRESS_HINT(host, port));
    }
  }

  for (const p of placements) {
    const mirror = models[p.index].source.mirrorEndpoint;
    if (!mirror) continue;
    const path = ["models", p.index, "source", "mirrorEndpoint"];
    if (mc.xet) {
      report(
        path,
        "with kubernetes.modelCache.xet: true the Xet client fetches from the CAS host the hub names, not from HF_ENDPOINT (huggingface/huggingface_hub#4475), so the mirror would be bypassed",
        "set kubernetes.modelCache.xet: false (the default) to download everything through the mirror",
      );
    }
    const { host, port } = hostPort(mirror);
    // Through a proxy, the download connects to the proxy (CONNECT), unless NO_PROXY names the mirror.
    const viaProxy = proxy?.httpsProxy !== undefined && !proxy.noProxy.some((n) => host === n || host.endsWith(n.startsWith(".") ? n : `.${n}`));
    if (viaProxy) continue;
    if (egressReaches(k8s, host, port) === false) report(path, describeNoEgress("the mirror", host, port), EGRESS_HINT(host, port));
  }
}
