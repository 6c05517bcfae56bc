/**
 * STAND-INS, not the real servers: small loopback HTTP servers that answer the few calls the
 * ingestion Job makes, so it can be tested here. A real Chroma cannot run on these machines (the npm
 * `chromadb` package's native bindings need glibc >= 2.38), and a real vLLM needs its image.
 *
 *  - ChromaStandIn: the Chroma HTTP API v2 paths (`/api/v2/heartbeat`, `/api/v2/pre-flight-checks`,
 *    tenants, databases, `/api/v2/tenants/{t}/databases/{d}/collections[/{id}/{get,upsert,delete,count}]`),
 *    with Chroma's payload shapes (ids/embeddings/documents/metadatas; where with $eq; limit/offset).
 *    Anything else answers 404, so a wrong path fails the test.
 *  - EmbeddingsStandIn: `POST /v1/embeddings` (OpenAI shape, bearer key checked) returning
 *    deterministic vectors, and `GET /health`; it can answer 503 for the first N health checks.
 *  - StaticStandIn: serves fixture files (HTML pages for seed 001's link list).
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: IncomingMessage, body: unknown, res: ServerResponse) => void;

export interface StandIn {
  readonly url: string;
  /** Method and path of every request received. */
  readonly calls: { method: string; path: string; body: unknown; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
}

async function serve(handler: Handler): Promise<{ server: Server; url: string; calls: StandIn["calls"] }> {
  const calls: StandIn["calls"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      calls.push({ method: req.method ?? "", path: req.url ?? "", body, headers: req.headers });
      try {
        handler(req, body, res);
      } catch (e) {
        send(res, 500, { error: "StandInError", message: (e as Error).message });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, calls };
}

function send(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  res.writeHead(status, { "content-type": type });
  res.end(typeof body === "string" && type !== "application/json" ? body : JSON.stringify(body));
}

const close = (server: Server) => () => new Promise<void>((r) => server.close(() => r()));

// ---------------------------------------------------------------------------------------------

export interface StoredRecord {
  embedding: number[];
  document: string | null;
  metadata: Record<string, unknown> | null;
}

export interface ChromaStandIn extends StandIn {
  /** Collections by name: id, metadata, configuration and records by id. */
  readonly collections: Map<string, { id: string; tenant: string; database: string; metadata: unknown; configuration: unknown; records: Map<string, StoredRecord> }>;
}

function matchesWhere(meta: Record<string, unknown> | null, where: unknown): boolean {
  if (!where || typeof where !== "object") return true;
  return Object.entries(where as Record<string, unknown>).every(([k, cond]) => {
    const v = meta?.[k];
    if (cond && typeof cond === "object" && "$eq" in (cond as object)) return v === (cond as { $eq: unknown }).$eq;
    return v === cond;
  });
}

export async function startChromaStandIn(opts: { maxBatchSize?: number } = {}): Promise<ChromaStandIn> {
  const tenants = new Set(["default_tenant"]);
  const databases = new Set(["default_tenant/default_database"]);
  const collections: ChromaStandIn["collections"] = new Map();
  const byId = () => new Map([...collections.values()].map((c) => [c.id, c]));

  const { server, url, calls } = await serve((req, body, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const m = (re: RegExp) => re.exec(path);
    let g: RegExpExecArray | null;
    const b = (body ?? {}) as Record<string, unknown>;

    if (req.method === "GET" && path === "/api/v2/heartbeat") return send(res, 200, { "nanosecond heartbeat": Number(process.hrtime.bigint()) });
    if (req.method === "GET" && path === "/api/v2/pre-flight-checks") return send(res, 200, { max_batch_size: opts.maxBatchSize ?? 1000, supports_base64_encoding: false });
    if (req.method === "POST" && path === "/api/v2/tenants") {
      tenants.add(String(b.name));
      return send(res, 200, {});
    }
    if (req.method === "GET" && (g = m(/^\/api\/v2\/tenants\/([^/]+)$/))) {
      const t = decodeURIComponent(g[1]);
      return tenants.has(t) ? send(res, 200, { name: t }) : send(res, 404, { error: "NotFound", message: `tenant ${t}` });
    }
    if (req.method === "POST" && (g = m(/^\/api\/v2\/tenants\/([^/]+)\/databases$/))) {
      databases.add(`${decodeURIComponent(g[1])}/${String(b.name)}`);
      return send(res, 200, {});
    }
    if (req.method === "GET" && (g = m(/^\/api\/v2\/tenants\/([^/]+)\/databases\/([^/]+)$/))) {
      const key = `${decodeURIComponent(g[1])}/${decodeURIComponent(g[2])}`;
      return databases.has(key) ? send(res, 200, { id: key, name: decodeURIComponent(g[2]), tenant: decodeURIComponent(g[1]) }) : send(res, 404, { error: "NotFound", message: key });
    }
    if ((g = m(/^\/api\/v2\/tenants\/([^/]+)\/databases\/([^/]+)\/collections(?:\/([^/]+)(?:\/(get|upsert|delete|count))?)?$/))) {
      const [tenant, database] = [decodeURIComponent(g[1]), decodeURIComponent(g[2])];
      if (!databases.has(`${tenant}/${database}`)) return send(res, 404, { error: "NotFound", message: "database" });
      const [collectionId, op] = [g[3], g[4]];
      if (!collectionId && req.method === "POST") {
        if (typeof b.name !== "string") return send(res, 400, { error: "InvalidArgument", message: "name" });
        const existing = collections.get(b.name);
        if (existing && b.get_or_create !== true) return send(res, 409, { error: "UniqueConstraintError", message: b.name });
        const c = existing ?? { id: randomUUID(), tenant, database, metadata: b.metadata ?? null, configuration: b.configuration ?? null, records: new Map() };
        collections.set(b.name, c);
        return send(res, 200, { id: c.id, name: b.name, tenant, database, metadata: c.metadata, configuration_json: c.configuration ?? {}, log_position: 0, version: 0 });
      }
      const c = collectionId ? byId().get(collectionId) : undefined;
      if (!c) return send(res, 404, { error: "NotFound", message: `collection ${collectionId}` });
      if (req.method === "GET" && op === "count") return send(res, 200, c.records.size);
      if (req.method === "POST" && op === "upsert") {
        const ids = b.ids as string[];
        const emb = b.embeddings as number[][];
        const docs = (b.documents as string[] | undefined) ?? [];
        const metas = (b.metadatas as Record<string, unknown>[] | undefined) ?? [];
        if (!Array.isArray(ids) || !Array.isArray(emb) || ids.length !== emb.length) return send(res, 400, { error: "InvalidArgument", message: "ids and embeddings must have the same length" });
        if (new Set(ids).size !== ids.length) return send(res, 400, { error: "InvalidArgument", message: "duplicate ids" });
        if (ids.length > (opts.maxBatchSize ?? 1000)) return send(res, 400, { error: "InvalidArgument", message: "batch too large" });
        const dims = new Set([...[...c.records.values()].map((r) => r.embedding.length), ...emb.map((e) => e.length)]);
        if (dims.size > 1) return send(res, 400, { error: "InvalidDimension", message: [...dims].join(",") });
        for (const meta of metas) {
          for (const v of Object.values(meta ?? {})) if (v !== null && typeof v === "object") return send(res, 400, { error: "InvalidArgument", message: "metadata values must be scalars" });
        }
        ids.forEach((id, i) => c.records.set(id, { embedding: emb[i], document: docs[i] ?? null, metadata: metas[i] ?? null }));
        return send(res, 200, {});
      }
      if (req.method === "POST" && op === "get") {
        const include = (b.include as string[] | undefined) ?? ["documents", "metadatas"];
        let entries = [...c.records.entries()];
        if (Array.isArray(b.ids)) entries = (b.ids as string[]).filter((id) => c.records.has(id)).map((id) => [id, c.records.get(id)!]);
        entries = entries.filter(([, r]) => matchesWhere(r.metadata, b.where));
        const offset = (b.offset as number | undefined) ?? 0;
        entries = entries.slice(offset, b.limit === undefined ? undefined : offset + (b.limit as number));
        return send(res, 200, {
          ids: entries.map(([id]) => id),
          include,
          ...(include.includes("metadatas") ? { metadatas: entries.map(([, r]) => r.metadata) } : {}),
          ...(include.includes("documents") ? { documents: entries.map(([, r]) => r.document) } : {}),
        });
      }
      if (req.method === "POST" && op === "delete") {
        for (const id of (b.ids as string[]) ?? []) c.records.delete(id);
        return send(res, 200, {});
      }
    }
    return send(res, 404, { error: "NotFound", message: `${req.method} ${path} is not a Chroma v2 route this stand-in knows` });
  });
  return { url, calls, collections, close: close(server) };
}

// ---------------------------------------------------------------------------------------------

export interface EmbeddingsStandIn extends StandIn {
  /** Inputs embedded, per request. */
  readonly requests: { input: string[]; model: string; truncate?: number }[];
}

/** Deterministic 8-dimensional unit vector of a text. */
export function fakeEmbedding(text: string): number[] {
  const h = createHash("sha256").update(text).digest();
  const v = Array.from({ length: 8 }, (_, i) => h[i] / 255 - 0.5);
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

export async function startEmbeddingsStandIn(opts: { apiKey: string; model: string; unhealthyFor?: number }): Promise<EmbeddingsStandIn> {
  const requests: EmbeddingsStandIn["requests"] = [];
  let healthChecks = 0;
  const { server, url, calls } = await serve((req, body, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method === "GET" && path === "/health") {
      healthChecks++;
      return healthChecks <= (opts.unhealthyFor ?? 0) ? send(res, 503, { error: "loading" }) : send(res, 200, "", "text/plain");
    }
    if (req.method === "POST" && path === "/v1/embeddings") {
      if (req.headers.authorization !== `Bearer ${opts.apiKey}`) return send(res, 401, { error: "Unauthorized" });
      const b = body as { model?: string; input?: string[]; truncate_prompt_tokens?: number };
      if (b.model !== opts.model) return send(res, 404, { error: { message: `model ${b.model} not served` } });
      if (!Array.isArray(b.input)) return send(res, 400, { error: { message: "input must be a list" } });
      requests.push({ input: b.input, model: b.model, truncate: b.truncate_prompt_tokens });
      // Out of order on purpose: clients must sort by index.
      const data = b.input.map((t, index) => ({ object: "embedding", index, embedding: fakeEmbedding(t) })).reverse();
      return send(res, 200, { object: "list", model: b.model, data, usage: { prompt_tokens: 0, total_tokens: 0 } });
    }
    return send(res, 404, { error: "NotFound" });
  });
  return { url, calls, requests, close: close(server) };
}

export async function startStaticStandIn(files: Record<string, string>): Promise<StandIn> {
  const { server, url, calls } = await serve((req, _body, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const content = files[path];
    return content === undefined ? send(res, 404, "not found", "text/plain") : send(res, 200, content, "text/html; charset=utf-8");
  });
  return { url, calls, close: close(server) };
}
