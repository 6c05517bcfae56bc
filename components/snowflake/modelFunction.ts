/**
 * The SQL service function of a model: signature, return type, the gateway route it calls and batch
 * settings the gateway can take. Pure, so the stack config checks exactly what the component creates.
 */
import type { ResolvedModel } from "../../config/resolve";
import type { FunctionArg } from "../../provider/resources";
import { GATEWAY_LIMITS, GATEWAY_ROUTES, SERVICE_FUNCTION_DEFAULTS } from "../../services/gateway/src/limits";
import { maxBatchRowsProblem, type BatchReceiver } from "../../provider/limits";
import { SQL_ENDPOINT } from "./modelSpec";
import type { ServiceFunctionArgs } from "./service";

/**
 * A model's function is served by the gateway, which answers a batch with more rows than its row queue
 * (`GATEWAY_LIMITS.maxQueuedRows`) with HTTP 413 (services/gateway/src/server.ts); Snowflake retries only
 * 404, 429 and 5xx (release-notes/bcr-bundles/2025_02/bcr-1938), so every query would fail.
 */
export const GATEWAY_BATCH_RECEIVER: BatchReceiver = {
  rows: GATEWAY_LIMITS.maxQueuedRows,
  what: `the gateway's row queue (${GATEWAY_LIMITS.maxQueuedRows} rows): it answers a larger batch with HTTP 413, which Snowflake does not retry`,
};

export interface ModelFunctionArgs {
  /** Function name. @default <MODEL>_COMPLETE (chat) or <MODEL>_EMBED (embedding) */
  name?: string;
  /** chat only: `prompt` = FN(PROMPT VARCHAR), `messages` = FN(PAYLOAD VARCHAR) with a JSON messages payload. @default "prompt" */
  input?: "prompt" | "messages";
  /** MAX_BATCH_ROWS. @default SERVICE_FUNCTION_DEFAULTS.maxBatchRows (the gateway's concurrency) */
  maxBatchRows?: number;
  /** MAX_BATCH_RETRIES. @default SERVICE_FUNCTION_DEFAULTS.maxBatchRetries */
  maxBatchRetries?: number;
  /** ON_BATCH_FAILURE. @default SERVICE_FUNCTION_DEFAULTS.onBatchFailure */
  onBatchFailure?: "ABORT" | "RETURN_NULL";
  /** BATCH_TIMEOUT_SECS. @default SERVICE_FUNCTION_DEFAULTS.batchTimeoutSecs (covers a full gateway queue) */
  batchTimeoutSecs?: number;
  /** Roles granted USAGE on the function. @default [] */
  grantUsageTo?: string[];
}

/** The function a model gets: signature, return type and the gateway route it calls. */
export function modelFunction(model: ResolvedModel, fn: ModelFunctionArgs): ServiceFunctionArgs {
  const problem = maxBatchRowsProblem(fn.maxBatchRows, GATEWAY_BATCH_RECEIVER);
  if (problem) throw new Error(`model ${model.config.name}: function.maxBatchRows: ${problem}`);
  const embedding = model.task === "embedding";
  const args: FunctionArg[] = embedding ? [{ name: "TEXT", type: "VARCHAR" }] : [{ name: fn.input === "messages" ? "PAYLOAD" : "PROMPT", type: "VARCHAR" }];
  return {
    name: fn.name ?? `${model.sfName}_${embedding ? "EMBED" : "COMPLETE"}`,
    args,
    // An array of floats; cast with ::VECTOR(FLOAT, n) in SQL.
    returns: embedding ? "ARRAY" : "VARCHAR",
    endpoint: SQL_ENDPOINT,
    path: embedding ? GATEWAY_ROUTES.embed : fn.input === "messages" ? GATEWAY_ROUTES.chat : GATEWAY_ROUTES.complete,
    maxBatchRows: fn.maxBatchRows ?? SERVICE_FUNCTION_DEFAULTS.maxBatchRows,
    maxBatchRetries: fn.maxBatchRetries ?? SERVICE_FUNCTION_DEFAULTS.maxBatchRetries,
    onBatchFailure: fn.onBatchFailure ?? SERVICE_FUNCTION_DEFAULTS.onBatchFailure,
    batchTimeoutSecs: fn.batchTimeoutSecs ?? SERVICE_FUNCTION_DEFAULTS.batchTimeoutSecs,
    grantUsageTo: fn.grantUsageTo ?? [],
  };
}
