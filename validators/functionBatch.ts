/**
 * Batch settings of a service function (`CREATE FUNCTION … MAX_BATCH_ROWS = …`) that the receiving
 * service can actually take. One rule, called by the stack config and by the model-service component.
 */
import { GATEWAY_LIMITS } from "../services/gateway/src/limits";

export interface BatchProblem {
  /** The function setting at fault, as the config names it. */
  readonly field: "maxBatchRows";
  readonly message: string;
  readonly hint: string;
}

/**
 * Problems of a gateway-served function's batch settings. The gateway answers a batch with more rows
 * than its row queue (`GATEWAY_LIMITS.maxQueuedRows`) with HTTP 413 (services/gateway/src/server.ts),
 * and Snowflake retries only 404, 429 and 5xx (release-notes/bcr-bundles/2025_02/bcr-1938), so every
 * query through such a function would fail.
 */
export function gatewayBatchProblems(f: { readonly maxBatchRows?: number }, limits: Pick<typeof GATEWAY_LIMITS, "maxQueuedRows"> = GATEWAY_LIMITS): BatchProblem[] {
  if (f.maxBatchRows !== undefined && f.maxBatchRows > limits.maxQueuedRows) {
    return [
      {
        field: "maxBatchRows",
        message: `${f.maxBatchRows} is more than the gateway's row queue (${limits.maxQueuedRows} rows): it answers such a batch with HTTP 413, which Snowflake does not retry`,
        hint: `use at most ${limits.maxQueuedRows}; ${GATEWAY_LIMITS.maxConcurrency} (the default) already fills every upstream slot`,
      },
    ];
  }
  return [];
}
