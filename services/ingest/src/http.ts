/**
 * HTTP with a timeout per attempt and retries with exponential backoff on network errors, 429 and
 * 5xx: the servers this Job talks to may still be warming up or briefly overloaded.
 */
export interface HttpOptions {
  timeoutMs: number;
  retries: number;
  /** Base backoff; doubled per attempt. @default 500 */
  backoffMs?: number;
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly url: string, readonly body: string) {
    super(`HTTP ${status} from ${url}: ${body.slice(0, 500)}`);
    this.name = "HttpError";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryable(e: unknown): boolean {
  return !(e instanceof HttpError) || e.status === 429 || e.status >= 500;
}

export async function request(url: string, init: RequestInit, opts: HttpOptions): Promise<Response> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await sleep((opts.backoffMs ?? 500) * 2 ** (attempt - 1));
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs) });
      if (res.ok) return res;
      const err = new HttpError(res.status, url, await res.text().catch(() => ""));
      if (!retryable(err)) throw err;
      lastError = err;
    } catch (e) {
      if (!retryable(e)) throw e;
      lastError = e;
    }
  }
  throw lastError;
}

export async function getText(url: string, opts: HttpOptions, headers: Record<string, string> = {}): Promise<string> {
  return (await request(url, { headers }, opts)).text();
}

export async function jsonRequest<T>(method: string, url: string, body: unknown, opts: HttpOptions, headers: Record<string, string> = {}): Promise<T> {
  const res = await request(
    url,
    { method, headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) },
    opts,
  );
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
