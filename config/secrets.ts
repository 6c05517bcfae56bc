/**
 * Which config keys hold secrets, and what a secret looks like when it is pasted where it must not be.
 * Secrets live only as Pulumi secrets (`pulumi config set --secret …`, stored as `secure:` ciphertext).
 */

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

/** Values that are credentials whatever field they sit in. One list, used by config validation and the policies. */
export const SECRET_VALUE_PATTERNS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: "Hugging Face token", re: /\bhf_[A-Za-z0-9]{20,}\b/ },
  { name: "private key", re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: "AWS access key id", re: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { name: "JSON Web Token", re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/ },
  { name: "OpenAI-style API key", re: /\bsk-[A-Za-z0-9_-]{20,}\b/ },
  { name: "GitHub token", re: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/ },
];

/** Names of fields or env vars whose literal values are secrets. */
export const SECRET_NAME_RE = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

export function secretPatternIn(value: string): string | undefined {
  return SECRET_VALUE_PATTERNS.find((p) => p.re.test(value))?.name;
}
