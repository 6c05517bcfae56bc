/**
 * Credentials written in plain text into a service specification.
 *
 * The spec text is stored by Snowflake (`DESC SERVICE` shows it to anyone with the service's
 * privileges) and by Pulumi in the state, so a token in `env` leaks twice. SPCS has a place for
 * credentials: `containers.secrets` with a Snowflake secret object ("containers.secrets field" in
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference).
 *
 * The policy pack reuses {@link PLAINTEXT_SECRET_PATTERNS} and {@link findPlaintextSecrets}.
 */
import type { SpecIssue } from "./validate";

/** A kind of credential recognisable from its value alone. */
export interface SecretPattern {
  /** Stable id, for policy messages and allow-lists. */
  id: string;
  /** What it is, for messages. */
  label: string;
  pattern: RegExp;
}

/** Every value pattern we flag; one list so the provider and the policy pack agree. */
export const PLAINTEXT_SECRET_PATTERNS: readonly SecretPattern[] = [
  // Hugging Face user access tokens: "hf_" then 34 letters (we accept 30+ to survive format drift).
  { id: "huggingface-token", label: "Hugging Face access token (hf_…)", pattern: /\bhf_[A-Za-z0-9]{30,}\b/ },
  // Snowflake OAuth / programmatic access tokens carry a "ver:<n>-hint:<digits>" prefix.
  { id: "snowflake-token", label: "Snowflake OAuth or programmatic access token (ver:N-hint:…)", pattern: /\bver:[0-9]+-hint:[0-9]{6,}/ },
  { id: "private-key", label: "PEM private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  // Long-term (AKIA) and temporary (ASIA) AWS access key ids.
  { id: "aws-access-key-id", label: "AWS access key id (AKIA…)", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  // Three base64url parts, the first a JSON header ("eyJ" = '{"'); Snowflake PATs have this form too.
  { id: "jwt", label: "JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { id: "openai-key", label: "OpenAI-style API key (sk-…)", pattern: /\bsk-[A-Za-z0-9_-]{20,}/ },
  { id: "github-token", label: "GitHub token (ghp_…/github_pat_…)", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  // A password in a URL's userinfo (RFC 3986 §3.2.1 deprecates "user:password" there for this reason).
  { id: "url-password", label: "URL with a password (scheme://user:password@host)", pattern: /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/ },
];

/**
 * Env names whose value is a credential whatever it looks like. Matched on `_`-separated words so
 * `MAX_TOKENS` or `TOKENIZER` are not flagged while `HF_TOKEN` and `DB_PASSWORD` are.
 */
const SENSITIVE_NAME = /(?:^|_)(?:PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CLIENT_SECRET)(?:_|$)/i;
/** Names that point at a credential rather than hold one (`HF_TOKEN_PATH: /secrets/hf`). */
const REFERENCE_NAME = /(?:^|_)(?:PATH|FILE|DIR|NAME|URL|URI|ENDPOINT|HOST)$/i;

/** True when an env variable of this name is expected to hold a credential. */
export function isSensitiveEnvName(name: string): boolean {
  return SENSITIVE_NAME.test(name) && !REFERENCE_NAME.test(name);
}

function valuePattern(value: string): SecretPattern | undefined {
  return PLAINTEXT_SECRET_PATTERNS.find((p) => p.pattern.test(value));
}

const FIX = "store it in a Snowflake secret and pass it with containers[].secrets (snowflakeSecret + envVarName + secretKeyRef: secret_string)";

/**
 * Credentials in plain text: env values (and command/args entries) that match
 * {@link PLAINTEXT_SECRET_PATTERNS}, and env variables named like credentials (`*PASSWORD*`,
 * `*TOKEN*`, `*SECRET*`, `*API_KEY*`…) holding a literal non-empty value. Messages never repeat
 * the value. Takes any input (typed spec or parsed YAML) and ignores what it cannot read.
 */
export function findPlaintextSecrets(spec: unknown): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const containers = (spec as { spec?: { containers?: unknown } } | null)?.spec?.containers;
  if (!Array.isArray(containers)) return issues;
  containers.forEach((c, ci) => {
    if (typeof c !== "object" || c === null) return;
    const { env, command, args } = c as { env?: unknown; command?: unknown; args?: unknown };
    if (typeof env === "object" && env !== null && !Array.isArray(env)) {
      for (const [name, raw] of Object.entries(env)) {
        const path = `spec.containers[${ci}].env.${name}`;
        const value = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
        const found = valuePattern(value);
        if (found) issues.push({ path, message: `env ${name} holds what looks like a ${found.label} in plain text; ${FIX}` });
        // A flag ("true"/"false") is configuration, not a credential, whatever the name says.
        else if (value.trim() !== "" && !/^(?:true|false)$/i.test(value) && isSensitiveEnvName(name)) {
          issues.push({ path, message: `env ${name} is named like a credential and holds a literal value; ${FIX}` });
        }
      }
    }
    for (const [field, list] of [["command", command], ["args", args]] as const) {
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        const found = typeof item === "string" ? valuePattern(item) : undefined;
        if (found) issues.push({ path: `spec.containers[${ci}].${field}[${i}]`, message: `${field} entry holds what looks like a ${found.label} in plain text; ${FIX}` });
      });
    }
  });
  return issues;
}
