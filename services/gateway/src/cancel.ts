/**
 * Cancellation of a batch's work: the part of `AbortSignal` the gateway uses, and a cheap source of it.
 *
 * Why not `AbortController` per batch: it is an EventTarget, and creating one plus adding and removing a
 * listener per row cost ~30 µs per batch in `npm run bench:gateway`'s profile, a tenth of the gateway's own
 * time for a one-row batch. `AbortSignal` satisfies {@link CancelSignal}, so callers and tests may pass one.
 */

/** What the gateway's internals need of a signal; `AbortSignal` has it. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** A {@link CancelSignal} and its `abort`, in one object; listeners run once, in the order added. */
export class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Set<() => void> | undefined;

  addEventListener(_type: "abort", listener: () => void): void {
    if (!this.aborted) (this.listeners ??= new Set()).add(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    this.listeners?.delete(listener);
  }

  /** Marks it aborted with `reason` and runs the listeners; later calls do nothing. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }
}
