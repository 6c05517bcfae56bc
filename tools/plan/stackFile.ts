/**
 * Reads a `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program: every key as a
 * string (objects and lists as JSON), with `secure:` values kept secret. Ciphertext is never
 * decrypted here: a secret becomes a placeholder that is only ever shown as `[secret]`.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { catalogModel } from "../../catalog/models";
import type { SecretConfigKey } from "../../config/secrets";
import { stackDocumentProblems } from "../../config/stackDocument";
import { CONFIG_NAMESPACE, ConfigError } from "../../config/validate";

export const SECRET_PLACEHOLDER = "offline-plan-placeholder";

export interface StackFile {
  readonly stack: string;
  /** `ns:key` → value as the engine passes it. */
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
  /** Secret keys the program may need that the file does not set: planned with placeholders. */
  readonly assumedSecrets: string[];
}

/**
 * Reads and checks a stack file; a file the Pulumi CLI would refuse throws a ConfigError naming it.
 * @param shown the path as the user wrote it, for messages. @default path
 * @throws naming the file, for a YAML syntax error too
 */
export function readStackFile(path: string, stack: string, shown = path): StackFile {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, "utf8"));
  } catch (e) {
    // The yaml library's message has the line, the column and the offending lines; not the file.
    throw new Error(`${shown} is not valid YAML: ${(e as Error).message.trimEnd()}`);
  }
  const problems = stackDocumentProblems(doc, shown);
  if (problems.length > 0) throw new ConfigError(problems);
  return stackFromConfig((doc as { config?: Record<string, unknown> } | null)?.config ?? {}, stack);
}

/** The secrets this stack's program will ask for; the plan assumes them set (it never has them). */
function neededSecrets(raw: Record<string, unknown>): SecretConfigKey[] {
  // Any shape may arrive here (the config is validated later): read defensively.
  const models = Array.isArray(raw[`${CONFIG_NAMESPACE}:models`]) ? (raw[`${CONFIG_NAMESPACE}:models`] as ({ snowflake?: unknown; kubernetes?: unknown; source?: { huggingFaceId?: string } } | null)[]) : [];
  const images = (raw[`${CONFIG_NAMESPACE}:images`] ?? {}) as { push?: boolean } | null;
  const needed: SecretConfigKey[] = [];
  if (models.some((m) => m?.snowflake) && images?.push !== false) needed.push("registryToken");
  if (models.some((m) => catalogModel(String(m?.source?.huggingFaceId ?? ""))?.gated)) needed.push("hfToken");
  // The Kubernetes path: model servers require an API key; Open WebUI signs sessions with its own secret.
  if (models.some((m) => m?.kubernetes)) needed.push("apiKey");
  const k8s = raw[`${CONFIG_NAMESPACE}:kubernetes`] as { ui?: { enabled?: boolean } | null } | null | undefined;
  if (k8s?.ui?.enabled === true) needed.push("webuiSecretKey");
  return needed;
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
  for (const k of neededSecrets(raw)) {
    const key = `${CONFIG_NAMESPACE}:${k}`;
    if (!(key in config)) {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
      assumedSecrets.push(key);
    }
  }
  return { stack, config, secretKeys, assumedSecrets };
}
