/**
 * Which config keys hold secrets, and what a secret looks like when it is pasted where it must not be.
 * Secrets live only as Pulumi secrets (`pulumi config set --secret …`, stored as `secure:` ciphertext).
 */
import { PROVIDER_SECRET_ARGS } from "../provider/sdk";
import { PLAINTEXT_SECRET_PATTERNS } from "../provider/spec/secrets";

/** Top-level `llmstack:*` keys that must be set with `--secret`. */
export const SECRET_CONFIG_KEYS = {
  /** Hugging Face token for gated models (Llama-2); becomes a Snowflake secret / Kubernetes Secret. */
  hfToken: "Hugging Face access token (hf_…) used to download gated models",
  /** Snowflake programmatic access token of the user that pushes images to the image repository. */
  registryToken: "Snowflake programmatic access token used as the image-registry password",
  /** API key the Kubernetes model servers require (`--api-key`). */
  apiKey: "API key the model servers require from their clients",
  /** Open WebUI session secret (`WEBUI_SECRET_KEY`). */
  webuiSecretKey: "secret Open WebUI signs its sessions with",
} as const;

export type SecretConfigKey = keyof typeof SECRET_CONFIG_KEYS;

/** What kind of credential a value looks like, if any; the one pattern list lives with the spec checks. */
export function secretPatternIn(value: string): string | undefined {
  return PLAINTEXT_SECRET_PATTERNS.find((p) => p.pattern.test(value))?.label;
}

/**
 * Stack-config keys of the two Snowflake providers that hold credentials: `snowflake:<arg>` for
 * @pulumi/snowflake (its provider marks password, privateKey, privateKeyPassphrase and token secret:
 * `additionalSecretOutputs` in @pulumi/snowflake@1.3.0 provider.js) and `llmstack:config:<arg>` for
 * ours, which takes the same ones ({@link PROVIDER_SECRET_ARGS}); `passcode` is an MFA code.
 */
export function isProviderCredentialKey(fullKey: string): boolean {
  const m = /^(snowflake|llmstack):(?:config:)?([^:]+)$/.exec(fullKey);
  if (!m || (m[1] === "llmstack" && !fullKey.startsWith("llmstack:config:"))) return false;
  return (PROVIDER_SECRET_ARGS as readonly string[]).includes(m[2]) || m[2] === "passcode";
}
