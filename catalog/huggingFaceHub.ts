/**
 * The Hugging Face Hub hosts a model download reaches: the one list the config rules, the egress policy,
 * the examples and Pulumi.dev.yaml (a test compares them) use.
 *
 * Source: the hub's "Downloading behind a proxy or firewall" section of docs/hub/models-downloading.md
 * (huggingface/hub-docs#2628, trimmed by #2647 and #2727, 2026-07/08). Downloads redirect from
 * huggingface.co to the Xet storage hosts and CDN hosts, so huggingface.co alone is not enough (#2628);
 * the legacy `cas-bridge.*`, `cdn-lfs.hf.co` and `cdn-lfs-*.huggingface.co` hosts are no longer listed
 * (#2647); the `cas-server` hosts serve Xet downloads as well as uploads (#2727). The CAS host is not fixed
 * in the client: huggingface_hub reads it from the hub's `/xet-read-token` answer
 * (huggingface/huggingface_hub#4475), which is why the hub warns against pinning a static copy of the list
 * and publishes it at https://huggingface.co/.well-known/meta.json (#2727).
 */
import { egressAllows } from "./egressMatch";

export interface HubHost {
  readonly host: string;
  readonly purpose: string;
}

/** Named hosts a download from the hub needs (port 443). */
export const HF_HUB_HOSTS: readonly HubHost[] = [
  { host: "huggingface.co", purpose: "Hub API, file resolution and the redirect to storage (hub-docs#2628)" },
  { host: "cas-server.xethub.hf.co", purpose: "Xet content-addressed storage API: file reconstruction for downloads (hub-docs#2727)" },
  { host: "transfer.xethub.hf.co", purpose: "Xet transfer: the chunk ranges (xorbs) a reconstruction points at (hub-docs#2628)" },
  { host: "cdn-lfs-us-1.hf.co", purpose: "regional LFS CDN for files not stored in Xet (hub-docs#2647)" },
  { host: "cdn-lfs-eu-1.hf.co", purpose: "regional LFS CDN for files not stored in Xet (hub-docs#2647)" },
];

/**
 * The wildcards the hub itself suggests for allowlists (hub-docs#2628: `*.hf.co`, `*.xethub.hf.co`).
 * A Snowflake HOST_PORT wildcard covers one level only (docs.snowflake.com/en/sql-reference/sql/create-network-rule),
 * so `*.hf.co` covers `cdn-lfs-us-1.hf.co` but the Xet hosts need `*.xethub.hf.co`. The egress policy
 * admits exactly these by default (policies/security/egress.ts), so the recommended list plans clean.
 */
export const HF_HUB_WILDCARDS: readonly string[] = ["*.hf.co:443", "*.xethub.hf.co:443"];

/**
 * The egress list to give a model service that downloads from the hub: the API host plus the hub's own
 * wildcards, which keep working when the hub moves its storage hosts (it warns they change).
 */
export const HF_HUB_EGRESS: readonly string[] = ["huggingface.co:443", ...HF_HUB_WILDCARDS];

/** The named hub hosts that no entry of `entries` admits on port 443. */
export function hubHostsNotAllowed(entries: readonly string[]): string[] {
  return HF_HUB_HOSTS.map((h) => h.host).filter((host) => !entries.some((e) => egressAllows(e, host)));
}
