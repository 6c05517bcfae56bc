/**
 * A stand-in for an OpenAI-compatible model server (vLLM), for the gateway's tests: real HTTP on loopback,
 * with per-test handlers for chat completions, embeddings and health, and counters of what it saw.
 * Default behaviour: chat answers `echo: <last message content>`, embeddings `[length, 1, 2]`, health 200.
 */
import { EventEmitter } from "node:events";
import http from "node:http";
import { AddressInfo } from "node:net";

/** One request as the stand-in saw it. */
export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** How to answer: a status and JSON after an optional delay, or never (until the client gives up). */
export interface FakeReply {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Never answer; the request stays open until the client aborts it. */
  hang?: boolean;
}

export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAI {
  /** Base URL, e.g. `http://127.0.0.1:12345`. */
  url: string;
  port: number;
  /** Every request received, in arrival order. */
  requests: FakeRequest[];
  /** Requests being answered now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  /** Requests whose client disconnected before the answer. */
  aborted: number;
  onChat(handler: FakeHandler): void;
  onEmbed(handler: FakeHandler): void;
  onHealth(handler: FakeHandler): void;
  onModels(handler: FakeHandler): void;
  /** Resolves once `predicate()` holds (checked on every request start/end); rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Chat requests whose last message content is `content`. */
  chatsWith(content: string): FakeRequest[];
  close(): Promise<void>;
}

/** Last message's content of a chat request body. */
export function lastContent(body: { messages?: Array<{ content?: unknown }> }): string {
  const messages = body.messages ?? [];
  return String(messages[messages.length - 1]?.content ?? "");
}

/** Starts the stand-in on 127.0.0.1 (`port` 0 = any free port). */
export async function startFakeOpenAI(port = 0): Promise<FakeOpenAI> {
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  let chat: FakeHandler = (r) => ({ json: { choices: [{ index: 0, message: { role: "assistant", content: `echo: ${lastContent(r.body)}` }, finish_reason: "stop" }] } });
  let embed: FakeHandler = (r) => ({ json: { data: [{ index: 0, embedding: [String(r.body.input).length, 1, 2] }] } });
  let health: FakeHandler = () => ({ status: 200, json: {} });
  let models: FakeHandler = () => ({ json: { data: [{ id: "test-model" }] } });
  const fake = {} as FakeOpenAI;
  const sockets = new Set<import("node:net").Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "/").split("?")[0];
      const seen: FakeRequest = { method: req.method ?? "", path, headers: req.headers, body: text ? JSON.parse(text) : undefined };
      fake.requests.push(seen);
      fake.inFlight++;
      fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight);
      let answered = false;
      res.on("close", () => {
        fake.inFlight--;
        if (!answered) fake.aborted++;
        changes.emit("change");
      });
      changes.emit("change");
      const handler = path === "/v1/chat/completions" ? chat : path === "/v1/embeddings" ? embed : path === "/health" ? health : path === "/v1/models" ? models : undefined;
      const reply: FakeReply = handler ? await handler(seen) : { status: 404, json: { error: { message: `no route ${path}` } } };
      if (reply.hang) return;
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      const body = JSON.stringify(reply.json ?? {});
      answered = true;
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(body);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;

  Object.assign(fake, {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    aborted: 0,
    onChat: (h: FakeHandler) => void (chat = h),
    onEmbed: (h: FakeHandler) => void (embed = h),
    onHealth: (h: FakeHandler) => void (health = h),
    onModels: (h: FakeHandler) => void (models = h),
    chatsWith: (content: string) => fake.requests.filter((r) => r.path === "/v1/chat/completions" && lastContent(r.body) === content),
    waitFor: (predicate: () => boolean, what: string, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate()) return resolve();
        const check = () => {
          if (!predicate()) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          changes.off("change", check);
        };
        changes.on("change", check);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
  return fake;
}
