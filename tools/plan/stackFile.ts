/**
 * Reads a `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program: every key as a
 * string (objects and lists as JSON), with `secure:` values kept secret. Ciphertext is never
 * decrypted here: a secret becomes a placeholder that is only ever shown as `[secret]`.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { SECRET_CONFIG_KEYS } from "../../config/secrets";
import { CONFIG_NAMESPACE } from "../../config/validate";

export const SECRET_PLACEHOLDER = "offline-plan-placeholder";

export interface StackFile {
  readonly stack: string;
  /** `ns:key` → value as the engine passes it. */
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
  /** Secret keys the program may need that the file does not set: planned with placeholders. */
  readonly assumedSecrets: string[];
}

export function readStackFile(path: string, stack: string): StackFile {
  const doc = parse(readFileSync(path, "utf8")) as { config?: Record<string, unknown> } | null;
  return stackFromConfig(doc?.config ?? {}, stack);
}

export function stackFromConfig(raw: Record<string, unknown>, stack: string): StackFile {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value && Object.keys(value).length === 1) {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
    } else {
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  const assumedSecrets: string[] = [];
  for (const k of Object.keys(SECRET_CONFIG_KEYS)) {
    const key = `${CONFIG_NAMESPACE}:${k}`;
    // hfToken is only for gated models; the others are needed by the paths that use them.
    if (!(key in config) && k === "registryToken") {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
      assumedSecrets.push(key);
    }
  }
  return { stack, config, secretKeys, assumedSecrets };
}
