/**
 * The gateway's configuration: defaults from limits.ts, overridden by environment variables, validated.
 * An invalid value is reported with the variable's name, the value and what is allowed.
 */
import { GATEWAY_DEFAULT_PORT, GATEWAY_LIMITS, GatewayLimits } from "./limits";

/** Log verbosity, least to most. */
export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the gateway process needs; see {@link loadConfig} for the env var of each field. */
export interface GatewayConfig extends GatewayLimits {
  /** OpenAI-compatible server, without `/v1` (`UPSTREAM_BASE_URL`, default `http://localhost:8000`). */
  upstreamBaseUrl: string;
  /** Served model name sent as `model` upstream (`UPSTREAM_MODEL`, required). */
  upstreamModel: string;
  /** Sent as `Authorization: Bearer …` when set (`UPSTREAM_API_KEY`); never logged. */
  upstreamApiKey?: string;
  /** Listen port (`GATEWAY_PORT`, default 8001). */
  port: number;
  /** Listen address (`GATEWAY_HOST`, default `0.0.0.0`: SPCS routes to the container's interface). */
  host: string;
  /** `GATEWAY_LOG_LEVEL`, default `info`. */
  logLevel: LogLevel;
  /**
   * Most input tokens an embedding may use (`GATEWAY_EMBED_MAX_INPUT_TOKENS`, unset = the model server's
   * `--max-model-len`): longer texts are truncated to it by the server, and counted in the batch log line.
   */
  embedMaxInputTokens?: number;
}

/** Thrown by {@link loadConfig}; its message lists every invalid variable, one a line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid gateway configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Env var, field and allowed range of each numeric knob. */
const INTEGER_VARS: Array<{ env: string; key: keyof GatewayLimits | "port"; min: number; max: number; fallback: number }> = [
  { env: "GATEWAY_PORT", key: "port", min: 1, max: 65_535, fallback: GATEWAY_DEFAULT_PORT },
  { env: "GATEWAY_MAX_CONCURRENCY", key: "maxConcurrency", min: 1, max: 4_096, fallback: GATEWAY_LIMITS.maxConcurrency },
  { env: "GATEWAY_MAX_QUEUED_ROWS", key: "maxQueuedRows", min: 1, max: 1_000_000, fallback: GATEWAY_LIMITS.maxQueuedRows },
  { env: "GATEWAY_ROW_TIMEOUT_MS", key: "rowTimeoutMs", min: 100, max: 3_600_000, fallback: GATEWAY_LIMITS.rowTimeoutMs },
  { env: "GATEWAY_MAX_RETRIES", key: "maxRetries", min: 0, max: 10, fallback: GATEWAY_LIMITS.maxRetries },
  { env: "GATEWAY_RETRY_BASE_MS", key: "retryBaseDelayMs", min: 1, max: 60_000, fallback: GATEWAY_LIMITS.retryBaseDelayMs },
  { env: "GATEWAY_RETRY_MAX_MS", key: "retryMaxDelayMs", min: 1, max: 300_000, fallback: GATEWAY_LIMITS.retryMaxDelayMs },
  { env: "GATEWAY_MAX_BODY_BYTES", key: "maxBodyBytes", min: 1_024, max: 1_073_741_824, fallback: GATEWAY_LIMITS.maxBodyBytes },
  { env: "GATEWAY_MAX_UPSTREAM_RESPONSE_BYTES", key: "maxUpstreamResponseBytes", min: 1_024, max: 1_073_741_824, fallback: GATEWAY_LIMITS.maxUpstreamResponseBytes },
  { env: "GATEWAY_HEALTH_CACHE_MS", key: "healthCacheMs", min: 0, max: 600_000, fallback: GATEWAY_LIMITS.healthCacheMs },
  { env: "GATEWAY_HEALTH_TIMEOUT_MS", key: "healthTimeoutMs", min: 50, max: 600_000, fallback: GATEWAY_LIMITS.healthTimeoutMs },
  { env: "GATEWAY_SHUTDOWN_TIMEOUT_MS", key: "shutdownTimeoutMs", min: 0, max: 3_600_000, fallback: GATEWAY_LIMITS.shutdownTimeoutMs },
];

/**
 * Reads the gateway's configuration from the environment.
 *
 * | variable | default | allowed |
 * |---|---|---|
 * | UPSTREAM_BASE_URL | `http://localhost:8000` | http(s) URL; a trailing `/v1` is dropped |
 * | UPSTREAM_MODEL | (required) | non-empty |
 * | UPSTREAM_API_KEY | unset | any |
 * | GATEWAY_HOST | `0.0.0.0` | non-empty |
 * | GATEWAY_LOG_LEVEL | `info` | error, warn, info, debug |
 * | GATEWAY_EMBED_MAX_INPUT_TOKENS | unset (the server's limit) | integer 1..10000000 |
 * | GATEWAY_PORT and the numeric limits | see {@link GATEWAY_LIMITS} | integers in the ranges above |
 *
 * @throws ConfigError naming every invalid variable, its value and what is allowed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const numbers: Record<string, number> = {};
  for (const spec of INTEGER_VARS) {
    const raw = env[spec.env];
    if (raw === undefined || raw.trim() === "") {
      numbers[spec.key] = spec.fallback;
      continue;
    }
    const value = raw.trim();
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
      problems.push(`${spec.env}=${JSON.stringify(raw)} is not valid: expected an integer from ${spec.min} to ${spec.max} (default ${spec.fallback})`);
    } else {
      numbers[spec.key] = n;
    }
  }
  if (numbers.retryMaxDelayMs !== undefined && numbers.retryBaseDelayMs !== undefined && numbers.retryMaxDelayMs < numbers.retryBaseDelayMs) {
    problems.push(`GATEWAY_RETRY_MAX_MS=${numbers.retryMaxDelayMs} is not valid: it must be at least GATEWAY_RETRY_BASE_MS (${numbers.retryBaseDelayMs})`);
  }

  const baseUrlRaw = env.UPSTREAM_BASE_URL?.trim() || "http://localhost:8000";
  let upstreamBaseUrl = "";
  try {
    upstreamBaseUrl = normalizeBaseUrl(baseUrlRaw);
  } catch (e) {
    problems.push(`UPSTREAM_BASE_URL=${JSON.stringify(baseUrlRaw)} is not valid: ${(e as Error).message}`);
  }

  const upstreamModel = env.UPSTREAM_MODEL?.trim() ?? "";
  if (upstreamModel === "") {
    problems.push(`UPSTREAM_MODEL=${JSON.stringify(env.UPSTREAM_MODEL ?? "")} is not valid: it is required (the model name the upstream server serves, e.g. vLLM's --served-model-name)`);
  }

  const logRaw = env.GATEWAY_LOG_LEVEL?.trim() || "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logRaw)) {
    problems.push(`GATEWAY_LOG_LEVEL=${JSON.stringify(logRaw)} is not valid: expected one of ${LOG_LEVELS.join(", ")}`);
  }

  const host = env.GATEWAY_HOST?.trim() || "0.0.0.0";

  const embedRaw = env.GATEWAY_EMBED_MAX_INPUT_TOKENS?.trim() ?? "";
  const embedMax = /^\d+$/.test(embedRaw) ? Number(embedRaw) : NaN;
  if (embedRaw !== "" && !(Number.isSafeInteger(embedMax) && embedMax >= 1 && embedMax <= 10_000_000)) {
    problems.push(`GATEWAY_EMBED_MAX_INPUT_TOKENS=${JSON.stringify(env.GATEWAY_EMBED_MAX_INPUT_TOKENS)} is not valid: expected an integer from 1 to 10000000 (the embedding model's input limit), or unset`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(numbers as Omit<GatewayConfig, "upstreamBaseUrl" | "upstreamModel" | "upstreamApiKey" | "host" | "logLevel">),
    upstreamBaseUrl,
    upstreamModel,
    upstreamApiKey: env.UPSTREAM_API_KEY ? env.UPSTREAM_API_KEY : undefined,
    host,
    logLevel: logRaw as LogLevel,
    ...(embedRaw !== "" ? { embedMaxInputTokens: embedMax } : {}),
  };
}

/**
 * Validates an upstream base URL and returns it without trailing slashes or `/v1` (the client adds
 * `/v1/...`), so both the vLLM form `http://host:8000` and the OpenAI-SDK form `http://host:8000/v1` work.
 * @throws Error saying what is wrong.
 */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("expected an absolute http:// or https:// URL, e.g. http://localhost:8000");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`expected an http:// or https:// URL, got protocol ${url.protocol}`);
  if (url.search || url.hash) throw new Error("expected no query string or fragment");
  if (url.username || url.password) throw new Error("expected no credentials in the URL (use UPSTREAM_API_KEY)");
  const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  return `${url.protocol}//${url.host}${path}`;
}
