/** Security policies: egress. */
import { HF_HUB_WILDCARDS } from "../../catalog/huggingFaceHub";
import type { PackContext } from "../context";
import {
  ConfigLocator,
  define,
  displayName,
  known,
  list,
  settings,
  TYPES,
  upper,
  type LlmstackPolicy,
} from "../util";

const stringList = (description: string, def: string[] = []) => ({ type: "array" as const, items: { type: "string" as const }, default: def, description });

interface EgressConfig {
  allowedEntries: string[];
}

/** Why a HOST_PORT value opens more than one named host on one port, or undefined. */
export function egressProblem(entry: string): string | undefined {
  const m = /^(.*?)(?::(\d+))?$/.exec(entry.trim());
  const host = (m?.[1] ?? "").toLowerCase();
  const port = m?.[2] === undefined ? 443 : Number(m[2]);
  if (host === "0.0.0.0" || host.startsWith("0.0.0.0/")) return "0.0.0.0 opens every host";
  if (host.includes("*")) return host === "*" ? "* opens every host" : `${host} is a wildcard (every host one level below)`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return `${host} is an IP address, not a named host`;
  if (port === 0) return "port 0 opens every port";
  return undefined;
}

export function egressNoWildcards(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      // The Hugging Face Hub tells allowlists to use these wildcards because its storage hosts change
      // (catalog/huggingFaceHub.ts); the stack's recommended hub list uses them, so they are exempt by default.
      allowedEntries: stringList(
        `VALUE_LIST entries exempted on purpose, exactly as written (e.g. "*.example.com:443"). Default: the Hugging Face Hub's own wildcards (${HF_HUB_WILDCARDS.join(", ")}); set [] to refuse them too.`,
        [...HF_HUB_WILDCARDS],
      ),
    },
  };
  return define("security", {
    name: "snowflake-egress-no-wildcards",
    description: "Egress network rules name every host and port: no 0.0.0.0, no * wildcards (except the Hugging Face Hub's documented ones), no IP literals, no port 0 (all ports).",
    severity: "critical",
    configSchema,
    validateResource: (args, report) => {
      if (args.type !== TYPES.NetworkRule) return;
      const p = args.props;
      const mode = upper(known(() => p.mode));
      const type = upper(known(() => p.type));
      if (mode !== "EGRESS" && type !== "HOST_PORT" && type !== "PRIVATE_HOST_PORT") return;
      const cfg = settings<EgressConfig>(configSchema, args.getConfig());
      const allowed = new Set(cfg.allowedEntries.map((e) => e.trim().toLowerCase()));
      const values = list(known(() => p.valueLists)).filter((v): v is string => typeof v === "string");
      const bad = values.filter((v) => !allowed.has(v.trim().toLowerCase())).map((v) => ({ v, why: egressProblem(v) })).filter((x) => x.why);
      if (bad.length === 0) return;
      const name = displayName(p, args.name);
      report(
        `network rule ${name} allows egress beyond named hosts: ${bad.map((b) => `'${b.v}' (${b.why})`).join(", ")}. ` +
          `Fix: list each host:port the services need (e.g. huggingface.co:443) in ${where.egress(name)}, ` +
          `or exempt an entry on purpose in this policy's allowedEntries.`,
      );
    },
  });
}
