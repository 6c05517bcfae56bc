/**
 * Admission control and concurrency for rows, shared by all batches.
 *
 * Two bounds: at most `maxQueuedRows` rows admitted (waiting + running), checked per batch so a batch is
 * taken whole or refused whole (→ 429, which Snowflake retries); at most `maxConcurrency` rows running
 * upstream, granted in FIFO order across batches so an early batch is not starved by later ones.
 */
import type { CancelSignal } from "./cancel";

/** Rejection of {@link RowQueue.acquire} when its signal aborts before a slot was granted. */
export class AbortedWhileQueued extends Error {
  constructor(readonly reason: unknown) {
    super("aborted while waiting for an upstream slot");
    this.name = "AbortedWhileQueued";
  }
}

interface Waiter {
  grant: (release: () => void) => void;
  cancelled: boolean;
}

/** Counters for logs, health and tests. */
export interface RowQueueStats {
  /** Rows admitted and not yet finished. */
  admitted: number;
  /** Rows holding an upstream slot. */
  running: number;
  /** Rows waiting for a slot. */
  waiting: number;
}

export class RowQueue {
  private admitted = 0;
  private running = 0;
  private waiting = 0;
  /** FIFO of waiters; `head` avoids O(n) shifts, cancelled entries are skipped. */
  private queue: Waiter[] = [];
  private head = 0;

  /**
   * @param maxConcurrency rows running at once (≥ 1).
   * @param maxQueuedRows rows admitted at once (≥ 1).
   */
  constructor(
    readonly maxConcurrency: number,
    readonly maxQueuedRows: number,
  ) {}

  /** Reserves room for `rows` rows; false (nothing reserved) when they do not fit. */
  tryAdmit(rows: number): boolean {
    if (this.admitted + rows > this.maxQueuedRows) return false;
    this.admitted += rows;
    return true;
  }

  /** Gives back the reservation of `rows` finished rows. */
  finish(rows = 1): void {
    this.admitted -= rows;
    if (this.admitted < 0) throw new Error("RowQueue.finish: more rows finished than admitted");
  }

  /**
   * Waits for an upstream slot. Resolves with a release function (idempotent) that must be called when the
   * row is done; rejects with {@link AbortedWhileQueued} if `signal` aborts first, taking no slot.
   */
  acquire(signal?: CancelSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AbortedWhileQueued(signal.reason));
    if (this.running < this.maxConcurrency && this.waiting === 0) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        cancelled: false,
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        if (waiter.cancelled) return;
        waiter.cancelled = true;
        this.waiting--;
        this.compactIfSparse();
        reject(new AbortedWhileQueued(signal?.reason));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiter);
      this.waiting++;
    });
  }

  /** Current counters. */
  stats(): RowQueueStats {
    return { admitted: this.admitted, running: this.running, waiting: this.waiting };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.grantNext();
    };
  }

  private grantNext(): void {
    while (this.running < this.maxConcurrency && this.head < this.queue.length) {
      const waiter = this.queue[this.head++];
      if (waiter.cancelled) continue;
      waiter.cancelled = true; // taken: a late abort must not count it twice
      this.waiting--;
      this.running++;
      waiter.grant(this.releaser());
    }
    // Drop consumed entries now and then so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Cancelled waiters stay in the array until reached; if they pile up behind stuck slots, drop them. */
  private compactIfSparse(): void {
    const entries = this.queue.length - this.head;
    if (entries > 1024 && entries > 2 * this.waiting) {
      this.queue = this.queue.slice(this.head).filter((w) => !w.cancelled);
      this.head = 0;
    }
  }
}
