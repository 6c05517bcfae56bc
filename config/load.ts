/**
 * Reading the stack config from Pulumi: every `llmstack:*` key, validated at once, and the secret
 * keys as Pulumi secrets. Nothing here registers a resource, so bad config stops the program before
 * anything is touched.
 */
import * as pulumi from "@pulumi/pulumi";
import { stackConfigSchema, type StackConfig } from "./schema";
import { isProviderCredentialKey, SECRET_CONFIG_KEYS, secretPatternIn, type SecretConfigKey } from "./secrets";
import { CONFIG_NAMESPACE, ConfigError, formatPath, validateStackConfig, type ConfigIssue } from "./validate";

export interface LoadedConfig {
  readonly config: StackConfig;
  /** Secret config values that are set, as Pulumi secrets. */
  readonly secrets: Partial<Record<SecretConfigKey, pulumi.Output<string>>>;
}

const PLAIN_KEYS = new Set(Object.keys(stackConfigSchema.shape));

/** Parse one raw config value: objects and lists arrive as JSON text, scalars as plain strings. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Split the raw `llmstack:*` config into plain values and secrets, refusing unknown keys, secrets
 * stored without `--secret` (ours, and the providers' credentials such as `snowflake:password`),
 * anything in the stack file that looks like a credential in plaintext, and plain `llmstack:*`
 * settings stored encrypted (the plan and reviewers could not read them). Messages never repeat a
 * value. Exposed for the offline plan and the policy pack, which feed the same map.
 */
export function splitRawConfig(
  all: Record<string, string>,
  isSecret: (key: string) => boolean,
): { raw: Record<string, unknown>; secretKeys: SecretConfigKey[]; issues: ConfigIssue[] } {
  const raw: Record<string, unknown> = {};
  const secretKeys: SecretConfigKey[] = [];
  const issues: ConfigIssue[] = [];
  for (const [fullKey, text] of Object.entries(all)) {
    const [ns, ...rest] = fullKey.split(":");
    const key = rest.join(":");
    const secret = isSecret(fullKey);
    if (!secret && isProviderCredentialKey(fullKey)) {
      issues.push({ path: fullKey, message: "is a credential but is stored in plaintext", hint: `pulumi config set --secret ${fullKey} … (and remove the plaintext value from Pulumi.<stack>.yaml and git history)` });
      continue;
    }
    if (ns !== CONFIG_NAMESPACE) {
      const kind = secret ? undefined : secretPatternIn(text);
      if (kind) issues.push({ path: fullKey, message: `holds what looks like a ${kind} in plaintext`, hint: `pulumi config set --secret ${fullKey} … (and remove the plaintext value from Pulumi.<stack>.yaml and git history)` });
      else if (ns.toLowerCase() === CONFIG_NAMESPACE) issues.push({ path: fullKey, message: `is not read: config namespaces are case-sensitive`, hint: `write ${CONFIG_NAMESPACE}:${key}` });
      continue;
    }
    if (key in SECRET_CONFIG_KEYS) {
      if (!isSecret(fullKey)) {
        issues.push({ path: fullKey, message: "is a secret but is stored in plaintext", hint: `pulumi config set --secret ${fullKey} … (and remove the plaintext value from Pulumi.<stack>.yaml and git history)` });
      }
      secretKeys.push(key as SecretConfigKey);
    } else if (PLAIN_KEYS.has(key) && secret) {
      issues.push({
        path: fullKey,
        message: "is stored encrypted (secure:) but holds plain settings: the offline plan cannot read it and reviewers cannot see it",
        hint: `pulumi config set ${fullKey} … without --secret; only ${Object.keys(SECRET_CONFIG_KEYS).map((k) => `${CONFIG_NAMESPACE}:${k}`).join(", ")} are secrets`,
      });
    } else if (PLAIN_KEYS.has(key)) {
      raw[key] = parseValue(text);
    } else {
      issues.push({ path: formatPath([key]), message: `unknown config key`, hint: `known keys: ${[...PLAIN_KEYS, ...Object.keys(SECRET_CONFIG_KEYS)].map((k) => `${CONFIG_NAMESPACE}:${k}`).join(", ")}` });
    }
  }
  return { raw, secretKeys, issues };
}

/** Read and validate the current stack's config; throws ConfigError listing every problem. */
export function loadStackConfig(): LoadedConfig {
  // isConfigSecret is exported by the runtime but marked @internal in its typings.
  const runtime = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
  const { raw, secretKeys, issues } = splitRawConfig(pulumi.runtime.allConfig(), (k) => runtime.isConfigSecret(k));
  const result = validateStackConfig(raw, { stackName: pulumi.getStack() });
  const all = [...issues, ...(result.ok ? [] : result.issues)];
  if (all.length > 0 || !result.ok) throw new ConfigError(all);
  const cfg = new pulumi.Config(CONFIG_NAMESPACE);
  const secrets: LoadedConfig["secrets"] = {};
  for (const k of secretKeys) secrets[k] = cfg.requireSecret(k);
  return { config: result.config, secrets };
}
