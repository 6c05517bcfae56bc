/** HTTP helpers for the gateway tests: listen on an ephemeral loopback port, send batches, poll with a deadline. */
import http from "node:http";
import { AddressInfo } from "node:net";

/** Listens on 127.0.0.1 on a free port; resolves with the port. */
export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/** A port that nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Sends one request (no keep-alive) and reads the whole answer. */
export function request(
  port: number,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: http.OutgoingHttpHeaders = {},
  signal?: AbortSignal,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers: { "content-type": "application/json", ...headers }, agent: false, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** POSTs `{"data": rows}` to `path`. */
export function postBatch(port: number, path: string, rows: unknown[][], headers?: http.OutgoingHttpHeaders, signal?: AbortSignal): Promise<Reply> {
  return request(port, "POST", path, JSON.stringify({ data: rows }), headers, signal);
}

/** Polls `check` until it returns true; rejects after `timeoutMs`. For state with no event to wait on. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000, everyMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A promise with its resolve function outside, to hold the stand-in's answers until a test releases them. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
