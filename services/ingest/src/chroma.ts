/**
 * The few Chroma HTTP API v2 calls ingestion needs (paths as in Chroma's OpenAPI, e.g.
 * `/api/v2/tenants/{tenant}/databases/{database}/collections/{collection_id}/upsert`).
 */
import { HttpError, jsonRequest, type HttpOptions } from "./http";

export type Metadata = Record<string, string | number | boolean | null>;

export interface UpsertRecords {
  ids: string[];
  embeddings: number[][];
  documents: string[];
  metadatas: Metadata[];
}

export class ChromaClient {
  constructor(private readonly baseUrl: string, private readonly tenant: string, private readonly database: string, private readonly http: HttpOptions) {}

  private get dbPath(): string {
    return `/api/v2/tenants/${encodeURIComponent(this.tenant)}/databases/${encodeURIComponent(this.database)}`;
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return jsonRequest<T>(method, `${this.baseUrl}${path}`, body, this.http);
  }

  heartbeat(): Promise<{ "nanosecond heartbeat": number }> {
    return this.call("GET", "/api/v2/heartbeat");
  }

  /** The server's largest accepted batch. */
  async maxBatchSize(): Promise<number | undefined> {
    const r = await this.call<{ max_batch_size?: number }>("GET", "/api/v2/pre-flight-checks");
    return typeof r?.max_batch_size === "number" ? r.max_batch_size : undefined;
  }

  /** Create the tenant and database when they are not the built-in defaults and do not exist yet. */
  async ensureDatabase(): Promise<void> {
    const exists = async (path: string) => {
      try {
        await this.call("GET", path);
        return true;
      } catch (e) {
        if (e instanceof HttpError && e.status === 404) return false;
        throw e;
      }
    };
    if (!(await exists(`/api/v2/tenants/${encodeURIComponent(this.tenant)}`))) await this.call("POST", "/api/v2/tenants", { name: this.tenant });
    if (!(await exists(this.dbPath))) await this.call("POST", `/api/v2/tenants/${encodeURIComponent(this.tenant)}/databases`, { name: this.database });
  }

  /** Get-or-create a collection by name; returns its id. Cosine distance suits normalized sentence embeddings. */
  async collection(name: string, metadata: Metadata): Promise<string> {
    const c = await this.call<{ id: string }>("POST", `${this.dbPath}/collections`, { name, get_or_create: true, metadata, configuration: { hnsw: { space: "cosine" } } });
    return c.id;
  }

  async get(collectionId: string, q: { ids?: string[]; where?: unknown; limit?: number; offset?: number; include: string[] }): Promise<{ ids: string[]; metadatas?: (Metadata | null)[] | null }> {
    return this.call("POST", `${this.dbPath}/collections/${collectionId}/get`, q);
  }

  async upsert(collectionId: string, r: UpsertRecords): Promise<void> {
    await this.call("POST", `${this.dbPath}/collections/${collectionId}/upsert`, r);
  }

  async delete(collectionId: string, ids: string[]): Promise<void> {
    await this.call("POST", `${this.dbPath}/collections/${collectionId}/delete`, { ids });
  }

  async count(collectionId: string): Promise<number> {
    return this.call<number>("GET", `${this.dbPath}/collections/${collectionId}/count`);
  }
}
