/**
 * Read → chunk → embed → upsert, idempotently. Chunk ids hash the document's source and the chunk's
 * offset, so a re-run writes the same records; each record keeps a hash of its text, so unchanged
 * chunks are not embedded again; chunks of a source that no longer exist are deleted (prune).
 */
import { ChromaClient, type Metadata } from "./chroma";
import { chunkId, chunkText, contentHash } from "./chunk";
import type { IngestConfig } from "./config";
import { EmbeddingsClient } from "./embeddings";
import type { Logger } from "./log";
import { loadDocuments, originOf } from "./sources";

export interface IngestSummary {
  documents: number;
  chunks: number;
  /** Chunks embedded and upserted in this run (new or changed). */
  upserted: number;
  /** Chunks already present with the same text. */
  unchanged: number;
  /** Chunks of vanished documents (or shrunk ones) deleted. */
  deleted: number;
  collectionId: string;
}

interface PendingRecord {
  id: string;
  text: string;
  metadata: Metadata;
}

export async function ingest(cfg: IngestConfig, env: Record<string, string | undefined>, log: Logger): Promise<IngestSummary> {
  const chroma = new ChromaClient(cfg.chroma.url, cfg.chroma.tenant, cfg.chroma.database, cfg.http);
  const embedder = new EmbeddingsClient({ baseUrl: cfg.embeddings.baseUrl, model: cfg.embeddings.model, apiKey: env[cfg.embeddings.apiKeyEnv], maxTokens: cfg.embeddings.maxTokens, http: cfg.http });

  await chroma.ensureDatabase();
  const collectionId = await chroma.collection(cfg.chroma.collection, { embedding_model: cfg.embeddings.model, created_by: "llmstack-ingest" });
  const serverMax = await chroma.maxBatchSize().catch(() => undefined);
  const batchSize = Math.max(1, Math.min(cfg.batchSize, serverMax ?? cfg.batchSize));
  log("collection", { collection: cfg.chroma.collection, collectionId, batchSize });

  const summary: IngestSummary = { documents: 0, chunks: 0, upserted: 0, unchanged: 0, deleted: 0, collectionId };
  for (const source of cfg.sources) {
    const origin = originOf(source);
    const docs = await loadDocuments(source, cfg.dataDir, cfg.http);
    const records = new Map<string, PendingRecord>();
    for (const d of docs) {
      for (const [i, c] of chunkText(d.text, cfg.chunk.size, cfg.chunk.overlap).entries()) {
        const id = chunkId(d.source, c.offset);
        records.set(id, {
          id,
          text: c.text,
          metadata: {
            origin,
            source: d.source,
            chunk: i,
            offset: c.offset,
            sha: contentHash(c.text),
            ...(d.title ? { title: d.title } : {}),
            ...(d.date ? { date: d.date } : {}),
            ...(d.url ? { url: d.url } : {}),
          },
        });
      }
    }
    summary.documents += docs.length;
    summary.chunks += records.size;
    log("source", { origin, type: source.type, documents: docs.length, chunks: records.size });

    const all = [...records.values()];
    for (let i = 0; i < all.length; i += batchSize) {
      const batch = all.slice(i, i + batchSize);
      const existing = await chroma.get(collectionId, { ids: batch.map((r) => r.id), include: ["metadatas"] });
      const shaById = new Map(existing.ids.map((id, j) => [id, existing.metadatas?.[j]?.sha]));
      const changed = batch.filter((r) => shaById.get(r.id) !== r.metadata.sha);
      summary.unchanged += batch.length - changed.length;
      if (changed.length === 0) continue;
      const embeddings = await embedder.embed(changed.map((r) => r.text));
      await chroma.upsert(collectionId, { ids: changed.map((r) => r.id), embeddings, documents: changed.map((r) => r.text), metadatas: changed.map((r) => r.metadata) });
      summary.upserted += changed.length;
      log("upserted", { origin, count: changed.length, progress: `${Math.min(i + batchSize, all.length)}/${all.length}` });
    }

    if (cfg.prune) {
      const stale: string[] = [];
      for (let offset = 0; ; offset += batchSize) {
        const page = await chroma.get(collectionId, { where: { origin: { $eq: origin } }, limit: batchSize, offset, include: [] });
        stale.push(...page.ids.filter((id) => !records.has(id)));
        if (page.ids.length < batchSize) break;
      }
      for (let i = 0; i < stale.length; i += batchSize) await chroma.delete(collectionId, stale.slice(i, i + batchSize));
      summary.deleted += stale.length;
      if (stale.length > 0) log("pruned", { origin, count: stale.length });
    }
  }
  log("done", { ...summary });
  return summary;
}
