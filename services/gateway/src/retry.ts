/**
 * Retries with exponential backoff and jitter, bounded by a deadline and an abort signal.
 */
import type { CancelSignal } from "./cancel";

/** How to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = one attempt). */
  maxRetries: number;
  /** Delay cap before the first retry; doubles per retry. */
  baseDelayMs: number;
  /** Largest delay before any retry (also caps a server's Retry-After). */
  maxDelayMs: number;
}

/** What {@link withRetries} needs to know about a failure. */
export interface FailureVerdict {
  retryable: boolean;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number;
}

/** Thrown by {@link withRetries}: the last attempt's error, and how many attempts were made. */
export class RetriesExhausted extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    /** Why it stopped: the error was not retryable, all retries were used, or the next wait would pass the deadline. */
    readonly why: "not-retryable" | "max-retries" | "deadline",
  ) {
    super(lastError instanceof Error ? lastError.message : String(lastError));
    this.name = "RetriesExhausted";
  }
}

/**
 * Delay before retry number `retry` (1-based): "equal jitter", half fixed, half random, of
 * min(maxDelayMs, baseDelayMs · 2^(retry-1)). The fixed half keeps a minimum pause; the random half spreads
 * the retries of rows that failed together (e.g. an upstream restart) so they do not come back in one burst.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: CancelSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, fails with an error `judge` calls not retryable, the retries run out,
 * or the next wait would end after `deadline` (ms, on the clock of `now`, default Date.now). A wait is the backoff delay, or the server's
 * Retry-After when longer, capped by `policy.maxDelayMs`.
 *
 * @throws RetriesExhausted wrapping the last error; or the signal's reason if `signal` aborts during a wait.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  judge: (error: unknown) => FailureVerdict,
  policy: RetryPolicy,
  options: { deadline: number; signal?: CancelSignal; random?: () => number; now?: () => number },
): Promise<T> {
  const now = options.now ?? Date.now;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const verdict = judge(error);
      if (!verdict.retryable) throw new RetriesExhausted(error, n, "not-retryable");
      if (n > policy.maxRetries) throw new RetriesExhausted(error, n, "max-retries");
      const backoff = backoffDelayMs(n, policy, options.random);
      const wait = Math.min(policy.maxDelayMs, Math.max(backoff, verdict.retryAfterMs ?? 0));
      if (now() + wait >= options.deadline) throw new RetriesExhausted(error, n, "deadline");
      await sleep(wait, options.signal);
    }
  }
}
