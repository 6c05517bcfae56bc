/**
 * NetworkPolicies: deny everything in the namespace, then allow exactly the platform's flows.
 *
 *   every pod        → cluster DNS (53/UDP+TCP)
 *   downloads        → the internet on 443/80 (hub, CDN), never cluster or metadata ranges, and the
 *                      configured mirrors/proxies (`downloadEgress`); the download Job's pods, or the
 *                      server's pods when they download themselves (ReadWriteOnce cache)
 *   ingestion Job    → Chroma:8000, embedding server:8000 (+ internet 443/80 for URL sources)
 *   Open WebUI       → chat servers:8000, embedding server:8000, Chroma:8000
 *   configured peers → model servers:8000 and Open WebUI:8080 (`networkPolicy.ingressFrom`)
 *
 * Model servers (with a ReadWriteMany cache) and Chroma have no egress at all: the servers run offline
 * from the cache.
 * vLLM's `--api-key` guards /v1 only (/metrics, /tokenize, /pooling… stay open), so this is what keeps
 * other workloads of the cluster away from them.
 */
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { INetworkPolicyEgressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule";
import type { INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";
import type { INetworkPolicyPort } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort";
import type { NetworkPeer } from "../../../config/kubernetes";
import { metadata, PART_OF } from "./common";
import { ingestSelector } from "./ingestion";
import { downloadSelector } from "./modelCache";
import { serverSelector } from "./modelServer";
import { CHROMA_PORT, SERVER_PORT, UI_PORT, type PlatformPlan } from "./plan";
import { uiSelector } from "./ui";
import { chromaSelector } from "./vectorStore";

const tcp = (port: number): INetworkPolicyPort => ({ protocol: "TCP", port });

function policy(plan: PlatformPlan, name: string, spec: INetworkPolicy["spec"]): INetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: metadata(plan, name, { name: PART_OF, instance: name, component: "network-policy" }),
    spec,
  };
}

function peers(list: readonly NetworkPeer[]): INetworkPolicyPeer[] {
  return list.map((p) => ({
    ...(p.namespaceSelector ? { namespaceSelector: { matchLabels: { ...p.namespaceSelector } } } : p.podSelector ? { namespaceSelector: {} } : {}),
    ...(p.podSelector ? { podSelector: { matchLabels: { ...p.podSelector } } } : {}),
    ...(p.ipBlock ? { ipBlock: { cidr: p.ipBlock.cidr, ...(p.ipBlock.except.length > 0 ? { except: [...p.ipBlock.except] } : {}) } } : {}),
  }));
}

/** The internet on 443/80 (`internetEgress`) and the configured mirrors and proxies (`downloadEgress`, their own ports). */
function internet(plan: PlatformPlan): INetworkPolicyEgressRule[] {
  const np = plan.k8s.networkPolicy;
  return [
    ...(np.internetEgress.length > 0
      ? [{ to: np.internetEgress.map((r) => ({ ipBlock: { cidr: r.cidr, ...(r.except.length > 0 ? { except: [...r.except] } : {}) } })), ports: [tcp(443), tcp(80)] }]
      : []),
    ...np.downloadEgress.map((e) => ({ to: peers([e]), ports: e.ports.map(tcp) })),
  ];
}

export function networkPolicyManifests(plan: PlatformPlan): INetworkPolicy[] {
  if (!plan.k8s.networkPolicy.enabled) return [];
  const external = peers(plan.k8s.networkPolicy.ingressFrom);
  const out: INetworkPolicy[] = [];
  const pod = (matchLabels: Record<string, string>): INetworkPolicyPeer => ({ podSelector: { matchLabels } });

  // Our own namespace: every pod. A shared one (createNamespace: false, e.g. Pachyderm's): only the platform's pods.
  const ours = plan.k8s.createNamespace ? {} : { matchLabels: { "app.kubernetes.io/part-of": PART_OF } };
  out.push(policy(plan, "default-deny", { podSelector: ours, policyTypes: ["Ingress", "Egress"] }));
  out.push(
    policy(plan, "allow-dns", {
      podSelector: ours,
      policyTypes: ["Egress"],
      // Any namespace's DNS pods (kube-dns, CoreDNS, openshift-dns) and NodeLocal DNSCache's link-local address.
      egress: [{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: "169.254.20.10/32" } }], ports: [{ protocol: "UDP", port: 53 }, tcp(53)] }],
    }),
  );

  for (const m of plan.models) {
    // The download Job's pods, or the server's own pods when they download (ReadWriteOnce cache): a
    // NetworkPolicy selects pods, not containers, so then the server can reach the hub too.
    const downloader = m.download === "job" ? downloadSelector(m) : serverSelector(m);
    out.push(policy(plan, `download-${m.name}`, { podSelector: { matchLabels: downloader }, policyTypes: ["Egress"], egress: internet(plan) }));
    const from: INetworkPolicyPeer[] = [...external];
    if (plan.ui && (plan.ui.chatModels.includes(m) || plan.embedding === m)) from.push(pod(uiSelector()));
    if (plan.ingestion && plan.embedding === m) from.push(pod(ingestSelector()));
    out.push(
      policy(plan, `${m.name}-ingress`, {
        podSelector: { matchLabels: serverSelector(m) },
        policyTypes: ["Ingress"],
        ...(from.length > 0 ? { ingress: [{ from, ports: [tcp(SERVER_PORT)] }] } : {}),
      }),
    );
  }

  if (plan.chroma) {
    const from: INetworkPolicyPeer[] = [];
    if (plan.ingestion) from.push(pod(ingestSelector()));
    if (plan.ui) from.push(pod(uiSelector()));
    out.push(policy(plan, "chroma-ingress", { podSelector: { matchLabels: chromaSelector() }, policyTypes: ["Ingress"], ...(from.length > 0 ? { ingress: [{ from, ports: [tcp(CHROMA_PORT)] }] } : {}) }));
  }

  if (plan.ingestion && plan.embedding && plan.chroma) {
    const urlSources = plan.k8s.ingestion!.sources.some((s) => s.url !== undefined || (s.type === "htmlLinks" && (s.links.length > 0 || s.path !== undefined)));
    out.push(
      policy(plan, "ingest-egress", {
        podSelector: { matchLabels: ingestSelector() },
        policyTypes: ["Egress"],
        egress: [
          { to: [pod(chromaSelector())], ports: [tcp(CHROMA_PORT)] },
          { to: [pod(serverSelector(plan.embedding))], ports: [tcp(SERVER_PORT)] },
          ...(urlSources ? internet(plan) : []),
        ],
      }),
    );
  }

  if (plan.ui) {
    const backends = [...plan.ui.chatModels, ...(plan.embedding && !plan.ui.chatModels.includes(plan.embedding) ? [plan.embedding] : [])];
    out.push(
      policy(plan, "open-webui", {
        podSelector: { matchLabels: uiSelector() },
        policyTypes: ["Ingress", "Egress"],
        ...(external.length > 0 ? { ingress: [{ from: external, ports: [tcp(UI_PORT)] }] } : {}),
        egress: [
          { to: backends.map((m) => pod(serverSelector(m))), ports: [tcp(SERVER_PORT)] },
          ...(plan.chroma ? [{ to: [pod(chromaSelector())], ports: [tcp(CHROMA_PORT)] }] : []),
        ],
      }),
    );
  }
  return out;
}
