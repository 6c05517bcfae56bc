/**
 * Snowflake's batch format for external functions and service functions (pure, no I/O).
 *
 * Request body: `{"data": [[rowIndex, arg1, arg2, ...], ...]}`: one JSON array per row, the first column the
 * row's 0-based index within the batch, then the function's arguments (numbers, booleans, strings and objects
 * as JSON, other types as strings, SQL NULL as null). Response: HTTP 200 with `{"data": [[rowIndex, value], ...]}`,
 * one row per request row, same indexes, same order. Headers Snowflake sends are in {@link SNOWFLAKE_HEADERS}.
 */

/** Headers Snowflake sends with every batch (external-function data format, "Header format"). */
export const SNOWFLAKE_HEADERS = {
  /** Always `json` today. */
  format: "sf-external-function-format",
  /** Always `1.0` today. */
  formatVersion: "sf-external-function-format-version",
  /** ID of the query that called the function: log it to correlate with QUERY_HISTORY. */
  queryId: "sf-external-function-current-query-id",
  /** Opaque ID of this batch; the same on Snowflake's retries of it: log it. */
  batchId: "sf-external-function-query-batch-id",
  /** Function name, signature and return type, plain and base64; informational, ignored. */
  name: "sf-external-function-name",
  nameBase64: "sf-external-function-name-base64",
  signature: "sf-external-function-signature",
  signatureBase64: "sf-external-function-signature-base64",
  returnType: "sf-external-function-return-type",
  returnTypeBase64: "sf-external-function-return-type-base64",
} as const;

/** The value returned for one row: text for chat/complete, numbers for embed, null for SQL NULL. */
export type RowValue = string | number[] | null;

/** One row of a batch. */
export interface BatchRow {
  /** The row's index as Snowflake sent it (column 0); echoed back in the response. */
  index: number;
  /** The function's arguments, columns 1..n. */
  args: unknown[];
}

/** A request body that is not a valid batch; answered with HTTP 400 and this message. */
export class BatchFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BatchFormatError";
  }
}

/**
 * Parses and validates a batch body.
 *
 * Rejects (with {@link BatchFormatError}) anything Snowflake would never send, rather than guessing: a body
 * that is not JSON, not an object with a `data` array, a row that is not a non-empty array, a row index that is
 * not a non-negative integer, and duplicate row indexes (the response could not say which answer is whose).
 * Indexes need not be contiguous; they are echoed back in the order received.
 */
export function parseBatch(body: string): BatchRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw new BatchFormatError(`request body is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new BatchFormatError('request body must be a JSON object {"data": [[rowIndex, arg, ...], ...]}');
  }
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data)) {
    throw new BatchFormatError('request body must have a "data" array of rows [[rowIndex, arg, ...], ...]');
  }
  const rows: BatchRow[] = new Array(data.length);
  const seen = new Map<number, number>();
  for (let i = 0; i < data.length; i++) {
    const row: unknown = data[i];
    if (!Array.isArray(row) || row.length === 0) {
      throw new BatchFormatError(`data[${i}] must be a non-empty array [rowIndex, arg, ...], got ${describe(row)}`);
    }
    const index: unknown = row[0];
    if (typeof index !== "number" || !Number.isSafeInteger(index) || index < 0) {
      throw new BatchFormatError(`data[${i}][0] must be the row index, a non-negative integer, got ${describe(index)}`);
    }
    const previous = seen.get(index);
    if (previous !== undefined) {
      throw new BatchFormatError(`duplicate row index ${index} at data[${previous}] and data[${i}]`);
    }
    seen.set(index, i);
    rows[i] = { index, args: row.slice(1) };
  }
  return rows;
}

/** Serializes the response body: `values[i]` answers `rows[i]`, in request order. */
export function formatBatch(rows: readonly BatchRow[], values: readonly RowValue[]): string {
  if (rows.length !== values.length) throw new Error(`formatBatch: ${rows.length} rows but ${values.length} values`);
  const data = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) data[i] = [rows[i].index, values[i]];
  return JSON.stringify({ data });
}

/** A short description of a JSON value for error messages (type and a bounded preview). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return `the string ${JSON.stringify(truncate(value, 40))}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** `text` cut to `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
