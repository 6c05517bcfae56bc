/** Poll a URL until it answers 2xx: the Job's init containers wait for Chroma and the embedding server with it. */
import type { Logger } from "./log";

export async function waitFor(url: string, opts: { timeoutSecs: number; intervalMs?: number; log: Logger }): Promise<void> {
  const deadline = Date.now() + opts.timeoutSecs * 1000;
  const interval = opts.intervalMs ?? 5000;
  let attempt = 0;
  for (;;) {
    attempt++;
    let status: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.min(10_000, interval * 2)) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        opts.log("ready", { url, attempt });
        return;
      }
      status = `HTTP ${res.status}`;
    } catch (e) {
      status = (e as Error).message;
    }
    if (Date.now() + interval > deadline) throw new Error(`${url} not ready after ${opts.timeoutSecs}s (last: ${status})`);
    opts.log("waiting", { url, attempt, status });
    await new Promise((r) => setTimeout(r, interval));
  }
}
