/**
 * The shape of a `Pulumi.<stack>.yaml` as a whole, checked before any key is read: a file that the
 * Pulumi CLI would refuse must not plan as an empty stack.
 */
import type { ConfigIssue } from "./validate";

const kindOf = (v: unknown) => (Array.isArray(v) ? "a list" : v === null ? "null" : typeof v === "object" ? "a mapping" : `a ${typeof v}`);

/**
 * Problems of a parsed stack file: it must be a mapping (or empty), its `config` a mapping, and every
 * config key `<namespace>:<name>` (Pulumi's `config.ParseKey` refuses anything else:
 * pulumi/pulumi sdk/go/common/resource/config/key.go).
 */
export function stackDocumentProblems(doc: unknown, file: string): ConfigIssue[] {
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== "object" || Array.isArray(doc)) {
    return [{ path: file, message: `is not a Pulumi stack file: expected a mapping with a config: mapping, got ${kindOf(doc)}`, hint: "start from Pulumi.dev.yaml" }];
  }
  const config = (doc as { config?: unknown }).config;
  if (config === undefined || config === null) return [];
  if (typeof config !== "object" || Array.isArray(config)) {
    return [{ path: `${file}: config`, message: `must be a mapping of <namespace>:<key> to values, got ${kindOf(config)}`, hint: "write config: followed by indented llmstack:… keys, as in Pulumi.dev.yaml" }];
  }
  return Object.keys(config)
    .filter((k) => !/^[^:]+:[^:]+$/.test(k) && !/^[^:]+:config:[^:]+$/.test(k))
    .map((k) => ({ path: `${file}: config.${k}`, message: "is not a Pulumi config key: Pulumi requires <namespace>:<name>", hint: `did you mean llmstack:${k.split(":").pop()}?` }));
}
