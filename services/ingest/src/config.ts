/**
 * The ingestion Job's configuration: one JSON file (a ConfigMap mounted at
 * /etc/llmstack/ingest.json) written by the Kubernetes component, plus the embedding server's API key
 * from the environment. This module is the contract between the two; it has no dependencies so the
 * image builds from this directory alone.
 */
import { readFileSync } from "node:fs";

/** Where a file comes from: an http(s) URL, or a path under `dataDir` (a read-only volume). */
export interface SourceLocation {
  url?: string;
  path?: string;
}

/** Seed 004: press releases as one CSV with a header row. */
export interface CsvSource extends SourceLocation {
  type: "csv";
  textColumns: string[];
  titleColumn: string;
  urlColumn: string;
  dateColumn: string;
}

/** Seed 004: press releases as AEM `.content.xml` pages (HTML in attributes such as `textOnly`). */
export interface XmlSource extends SourceLocation {
  type: "xml";
  textAttributes: string[];
  titleAttribute: string;
  dateAttribute: string;
}

/** Seed 001: a list of HTML links (a file, one per line, or inline); each page is fetched and stripped of tags. */
export interface HtmlLinksSource extends SourceLocation {
  type: "htmlLinks";
  links: string[];
}

export type IngestSource = CsvSource | XmlSource | HtmlLinksSource;

export interface IngestConfig {
  sources: IngestSource[];
  /** Mount point of the data volume `path` sources are relative to. */
  dataDir: string;
  chunk: { size: number; overlap: number };
  /** Chunks per embeddings request and per upsert (capped by Chroma's max_batch_size). */
  batchSize: number;
  /** Delete a source's chunks that no longer exist. */
  prune: boolean;
  embeddings: {
    /** OpenAI-compatible base URL, ending in /v1. */
    baseUrl: string;
    /** Served model name. */
    model: string;
    /** Truncate inputs to this many tokens server-side (vLLM `truncate_prompt_tokens`). */
    maxTokens?: number;
    /** Environment variable holding the bearer token. */
    apiKeyEnv: string;
  };
  chroma: { url: string; tenant: string; database: string; collection: string };
  /** Request timeout and retries for every HTTP call. */
  http: { timeoutMs: number; retries: number };
}

const DEFAULTS = { batchSize: 64, prune: true, http: { timeoutMs: 60_000, retries: 4 } };

function fail(msg: string): never {
  throw new Error(`ingest config: ${msg}`);
}

/** Check the parsed JSON has the shape above (the component writes it; a hand-edited one gets clear errors). */
export function parseIngestConfig(raw: unknown): IngestConfig {
  if (!raw || typeof raw !== "object") fail("not an object");
  const c = raw as Record<string, unknown>;
  const obj = (v: unknown, name: string): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${name} must be an object`));
  const str = (v: unknown, name: string): string => (typeof v === "string" && v.length > 0 ? v : fail(`${name} must be a non-empty string`));
  const int = (v: unknown, name: string, min: number): number => (Number.isInteger(v) && (v as number) >= min ? (v as number) : fail(`${name} must be an integer >= ${min}`));
  if (!Array.isArray(c.sources) || c.sources.length === 0) fail("sources must be a non-empty array");
  const sources = c.sources.map((s, i) => {
    const o = obj(s, `sources[${i}]`);
    if (!["csv", "xml", "htmlLinks"].includes(o.type as string)) fail(`sources[${i}].type must be csv, xml or htmlLinks`);
    const links = Array.isArray(o.links) ? (o.links as string[]) : [];
    const where = [o.url, o.path, links.length > 0 ? links : undefined].filter((x) => x !== undefined);
    if (where.length !== 1) fail(`sources[${i}] needs exactly one of url, path${o.type === "htmlLinks" ? ", links" : ""}`);
    return { ...o, links } as unknown as IngestSource;
  });
  const chunk = obj(c.chunk, "chunk");
  const size = int(chunk.size, "chunk.size", 1);
  const overlap = int(chunk.overlap ?? 0, "chunk.overlap", 0);
  if (overlap >= size) fail("chunk.overlap must be smaller than chunk.size");
  const emb = obj(c.embeddings, "embeddings");
  const chroma = obj(c.chroma, "chroma");
  const http = c.http === undefined ? DEFAULTS.http : obj(c.http, "http");
  return {
    sources,
    dataDir: typeof c.dataDir === "string" ? c.dataDir : "/data",
    chunk: { size, overlap },
    batchSize: c.batchSize === undefined ? DEFAULTS.batchSize : int(c.batchSize, "batchSize", 1),
    prune: c.prune === undefined ? DEFAULTS.prune : c.prune === true,
    embeddings: {
      baseUrl: str(emb.baseUrl, "embeddings.baseUrl").replace(/\/+$/, ""),
      model: str(emb.model, "embeddings.model"),
      maxTokens: emb.maxTokens === undefined ? undefined : int(emb.maxTokens, "embeddings.maxTokens", 1),
      apiKeyEnv: typeof emb.apiKeyEnv === "string" ? emb.apiKeyEnv : "EMBEDDING_API_KEY",
    },
    chroma: {
      url: str(chroma.url, "chroma.url").replace(/\/+$/, ""),
      tenant: str(chroma.tenant ?? "default_tenant", "chroma.tenant"),
      database: str(chroma.database ?? "default_database", "chroma.database"),
      collection: str(chroma.collection, "chroma.collection"),
    },
    http: { timeoutMs: int(http.timeoutMs ?? DEFAULTS.http.timeoutMs, "http.timeoutMs", 1), retries: int(http.retries ?? DEFAULTS.http.retries, "http.retries", 0) },
  };
}

export function loadIngestConfig(path: string): IngestConfig {
  return parseIngestConfig(JSON.parse(readFileSync(path, "utf8")));
}
