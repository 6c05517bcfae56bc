/**
 * Whether the downloads' NetworkPolicy lets them reach a host and port: the check behind "a mirror or
 * proxy you configure is reachable". It reads the same settings the NetworkPolicy manifests are built
 * from (`networkPolicy.internetEgress` on 443/80, `networkPolicy.downloadEgress` with its ports).
 *
 * What it can know offline: an IP literal is matched against the ranges (NetworkPolicy `ipBlock`
 * semantics: inside `cidr`, outside every `except`); a cluster-internal name (`*.svc`,
 * `*.<clusterDomain>`, a single label) is a Service, whose pods an `ipBlock` does not reliably match
 * (kubernetes.io/docs/concepts/services-networking/network-policies/: ipBlock is for cluster-external
 * IPs; pod IPs are ephemeral) and only a pod/namespace selector peer reaches; any other name is taken
 * to be public. A corporate name that resolves to a private address cannot be told apart offline:
 * the README says to list it in `downloadEgress`.
 */
import type { KubernetesConfig } from "./schema";

type Egress = Pick<KubernetesConfig, "networkPolicy" | "clusterDomain">;

/** 443 and 80: the ports `internetEgress` opens. */
export const INTERNET_PORTS: readonly number[] = [443, 80];

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Whether an IPv4 address lies in a CIDR (`10.0.0.0/8`); false for anything unparsable. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split("/");
  const a = ipv4(base);
  const b = ipv4(ip);
  const n = bits === undefined ? 32 : Number(bits);
  if (a === undefined || b === undefined || !Number.isInteger(n) || n < 0 || n > 32) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function inBlock(block: { cidr: string; except: readonly string[] }, ip: string): boolean {
  return cidrContains(block.cidr, ip) && !block.except.some((e) => cidrContains(e, ip));
}

/** A name only cluster DNS resolves: a Service (`name.ns.svc`, `name.ns.svc.<clusterDomain>`) or a bare label. */
export function isClusterName(host: string, clusterDomain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return !h.includes(".") || h.endsWith(".svc") || h.includes(".svc.") || h.endsWith(`.${clusterDomain.toLowerCase()}`);
}

/** The host and port of an http(s) URL (the scheme's default port when none is given). */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port ? Number(u.port) : u.protocol === "http:" ? 80 : 443 };
}

/**
 * Whether the downloads may connect to `host:port` under the configured NetworkPolicies; `undefined`
 * when the policies are off (nothing is blocked).
 */
export function egressReaches(k8s: Egress, host: string, port: number): boolean | undefined {
  const np = k8s.networkPolicy;
  if (!np.enabled) return undefined;
  const ip = ipv4(host) !== undefined ? host : undefined;
  const extra = np.downloadEgress.filter((e) => e.ports.includes(port));
  if (ip) {
    if (INTERNET_PORTS.includes(port) && np.internetEgress.some((b) => inBlock(b, ip))) return true;
    return extra.some((e) => e.ipBlock !== undefined && inBlock(e.ipBlock, ip));
  }
  // A Service forwards its port to its pods' (targetPort): the policy must name the pods' port, which is
  // not in the URL, so any selector peer is taken to be the one meant.
  if (isClusterName(host, k8s.clusterDomain)) return np.downloadEgress.some((e) => e.podSelector !== undefined || e.namespaceSelector !== undefined);
  // A public name: any address outside the cluster ranges, which the default internetEgress covers.
  return (INTERNET_PORTS.includes(port) && np.internetEgress.length > 0) || extra.some((e) => e.ipBlock !== undefined);
}
