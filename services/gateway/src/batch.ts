/**
 * Runs the rows of one batch against the model server: all of them concurrently, each taking a slot of the
 * shared {@link RowQueue}, each with its own deadline and retries, each answered on its own (a failing row
 * never fails its neighbours).
 */
import type { CancelSignal } from "./cancel";
import { chatContent, embeddingTruncated, embeddingVector, errorText, planChat, planComplete, planEmbed, PlanOptions, RowPlan } from "./functions";
import { RowValue } from "./protocol";
import { RetriesExhausted, RetryPolicy, withRetries } from "./retry";
import { RowQueue } from "./rowQueue";
import { UpstreamClient, UpstreamError, UpstreamTimeout } from "./upstream";

const monotonicNow = () => performance.now();

/** A service function served by the gateway: how to plan a row, call upstream and read the answer. */
export interface FunctionSpec {
  /** Name in logs. */
  name: "complete" | "chat" | "embed";
  /** Upstream path, under the base URL. */
  upstreamPath: string;
  /** Arguments → upstream request (or an immediate value or an invalid-row reason). */
  plan(args: readonly unknown[], model: string, options?: PlanOptions): RowPlan<unknown>;
  /** Upstream JSON → the row's value; throws if it has none. */
  extract(response: unknown): RowValue;
  /** The value of a row that failed, per the function's return type (see functions.ts). */
  errorValue(reason: string): RowValue;
  /** Whether the server shortened the row's input to fit (counted in the batch log line). */
  truncated?(response: unknown, request: unknown): boolean;
}

/** The three functions. */
export const FUNCTIONS: Record<FunctionSpec["name"], FunctionSpec> = {
  complete: { name: "complete", upstreamPath: "/v1/chat/completions", plan: planComplete, extract: chatContent, errorValue: errorText },
  chat: { name: "chat", upstreamPath: "/v1/chat/completions", plan: planChat, extract: chatContent, errorValue: errorText },
  embed: { name: "embed", upstreamPath: "/v1/embeddings", plan: planEmbed, extract: embeddingVector, errorValue: () => null, truncated: embeddingTruncated },
};

/** What a batch run needs. */
export interface BatchContext {
  queue: RowQueue;
  client: UpstreamClient;
  model: string;
  retry: RetryPolicy;
  /** Deadline of a row from the moment it holds a slot, all attempts included. */
  rowTimeoutMs: number;
  /** Aborts the whole batch (client gone, shutdown deadline): queued rows leave the queue, calls are cancelled. */
  signal: CancelSignal;
  random?: () => number;
}

/** Outcome of a batch: one value per row, in row order, and the reasons of the rows that failed. */
export interface BatchOutcome {
  values: RowValue[];
  errors: Array<{ position: number; reason: string }>;
  /** Longest time one row spent in upstream calls (retries and backoff included), ms. */
  upstreamMsMax: number;
  /** Rows whose input the server truncated to the model's limit (they still have a value). */
  truncated: number;
}

/**
 * Runs `plans` (one per row, in order). The caller has already admitted `countCalls(plans)` rows into
 * `ctx.queue`; each is finished here exactly once.
 *
 * @throws the batch signal's reason if the batch was aborted, after every row has let go of its slot.
 */
export async function runBatch(fn: FunctionSpec, plans: readonly RowPlan<unknown>[], ctx: BatchContext): Promise<BatchOutcome> {
  const values: RowValue[] = new Array(plans.length);
  const errors: BatchOutcome["errors"] = [];
  const fail = (position: number, reason: string) => {
    values[position] = fn.errorValue(reason);
    errors.push({ position, reason });
  };
  const running: Promise<void>[] = [];
  let upstreamMsMax = 0;
  let truncated = 0;
  const timed = (ms: number) => void (upstreamMsMax = Math.max(upstreamMsMax, ms));
  const cut = () => void truncated++;
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i];
    if (plan.kind === "value") values[i] = plan.value;
    else if (plan.kind === "invalid") fail(i, plan.reason);
    else running.push(runRow(fn, plan.request, ctx, timed, cut).then((v) => void (values[i] = v), (e: unknown) => {
      if (!(e instanceof RowFailed)) throw e;
      fail(i, e.message);
    }));
  }
  const settled = await Promise.allSettled(running);
  if (ctx.signal.aborted) throw ctx.signal.reason;
  for (const s of settled) if (s.status === "rejected") throw s.reason;
  errors.sort((a, b) => a.position - b.position);
  return { values, errors, upstreamMsMax, truncated };
}

/** Number of rows in `plans` that call upstream, i.e. take room in the row queue. */
export function countCalls(plans: readonly RowPlan<unknown>[]): number {
  let n = 0;
  for (const p of plans) if (p.kind === "call") n++;
  return n;
}

/** A row that ends with an error value; its message is the reason. */
class RowFailed extends Error {}

async function runRow(fn: FunctionSpec, request: unknown, ctx: BatchContext, timed: (upstreamMs: number) => void, cut: () => void): Promise<RowValue> {
  try {
    const release = await ctx.queue.acquire(ctx.signal);
    // The row's deadline covers every attempt: each call gets the time left as its limit, and withRetries
    // never starts a wait that would end past it. No AbortController per row: the batch signal cancels calls.
    const started = performance.now();
    const deadline = started + ctx.rowTimeoutMs;
    let attempts = 0;
    try {
      const response = await withRetries(
        (n) => {
          attempts = n;
          return ctx.client.postJson(fn.upstreamPath, request, ctx.signal, Math.max(0, deadline - performance.now()));
        },
        (e) => (e instanceof UpstreamError ? { retryable: e.retryable, retryAfterMs: e.retryAfterMs } : { retryable: false }),
        ctx.retry,
        { deadline, signal: ctx.signal, random: ctx.random, now: monotonicNow },
      );
      try {
        const value = fn.extract(response);
        if (fn.truncated?.(response, request)) cut();
        return value;
      } catch (e) {
        throw new RowFailed((e as Error).message);
      }
    } catch (e) {
      if (e instanceof RowFailed) throw e;
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (e instanceof RetriesExhausted && e.lastError instanceof UpstreamTimeout) {
        throw new RowFailed(`upstream timeout: no answer within ${ctx.rowTimeoutMs} ms (GATEWAY_ROW_TIMEOUT_MS) after ${attempts} attempt(s)`);
      }
      if (e instanceof RetriesExhausted) {
        const attemptsText = `${e.attempts} attempt${e.attempts === 1 ? "" : "s"}`;
        if (e.why === "not-retryable") throw new RowFailed(e.message);
        if (e.why === "deadline") throw new RowFailed(`gave up after ${attemptsText}, the next retry would pass the row deadline: ${e.message}`);
        throw new RowFailed(`gave up after ${attemptsText}: ${e.message}`);
      }
      throw new RowFailed(`internal error: ${(e as Error).message}`);
    } finally {
      timed(performance.now() - started);
      release();
    }
  } finally {
    ctx.queue.finish(1);
  }
}
