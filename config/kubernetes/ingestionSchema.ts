/** The `kubernetes.ingestion` key: the ingestion Job's sources (seeds 001 and 004), chunking and batching. */
import { z } from "zod";
import { DNS1123_LABEL, resourcesSchema } from "./primitives";

const sourceLocation = {
  /** http(s) URL of the file. One of url and path. @default none */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Path under the data volume (`ingestion.data`), mounted read-only at /data; a directory is read recursively. One of url and path. @default none */
  path: z.string().regex(/^[^/]/, { error: "is relative to the data volume (no leading /)" }).optional(),
};

/** seed 004: the press releases as one CSV (Title, Date, Summary, Content, URL). */
const csvSourceSchema = z.strictObject({
  type: z.literal("csv"),
  ...sourceLocation,
  /** Columns joined into the text. @default ["Title", "Summary", "Content"] */
  textColumns: z.array(z.string()).min(1).default(["Title", "Summary", "Content"]),
  /** @default "Title" */
  titleColumn: z.string().default("Title"),
  /** Column holding each row's own URL (kept as metadata and in the chunk id). @default "URL" */
  urlColumn: z.string().default("URL"),
  /** @default "Date" */
  dateColumn: z.string().default("Date"),
});

/** seed 004: the press releases as AEM `.content.xml` pages (HTML inside `textOnly` attributes). */
const xmlSourceSchema = z.strictObject({
  type: z.literal("xml"),
  ...sourceLocation,
  /** Attributes whose (HTML) values are the text; none found → all element text. @default ["textOnly"] */
  textAttributes: z.array(z.string()).default(["textOnly"]),
  /** @default "jcr:title" */
  titleAttribute: z.string().default("jcr:title"),
  /** @default "displayDate" */
  dateAttribute: z.string().default("displayDate"),
});

/** seed 001: a text file of HTML links, one per line (or the links inline); pages are fetched and their tags stripped. */
const htmlLinksSourceSchema = z.strictObject({
  type: z.literal("htmlLinks"),
  ...sourceLocation,
  /** Links given inline instead of in a file. @default [] */
  links: z.array(z.url({ protocol: /^https?$/ })).default([]),
});

export const ingestionSourceSchema = z.discriminatedUnion("type", [csvSourceSchema, xmlSourceSchema, htmlLinksSourceSchema]);

export const ingestionSchema = z.strictObject({
  /** The embedding model (a `models[].name` placed on Kubernetes). @default the only Kubernetes embedding model */
  embeddingModel: z.string().optional(),
  /** What to read. */
  sources: z.array(ingestionSourceSchema).min(1),
  /** Volume with the files `path` sources name, mounted read-only at /data (fill it like seed 004's `pachctl put file`). @default none */
  data: z
    .strictObject({
      /** An existing PVC. @default none */
      persistentVolumeClaim: z.string().regex(DNS1123_LABEL).optional(),
      /** An existing ConfigMap (small corpora). @default none */
      configMap: z.string().regex(DNS1123_LABEL).optional(),
    })
    .optional(),
  /** Characters per chunk (all-MiniLM-L6-v2 reads 256 tokens, about 1,000 characters of English). @default 800 */
  chunkSize: z.number().int().min(50).default(800),
  /** Characters shared by consecutive chunks. @default 100 */
  chunkOverlap: z.number().int().min(0).default(100),
  /** Chunks per embeddings request and per Chroma upsert. @default 64 */
  batchSize: z.number().int().min(1).max(1024).default(64),
  /** Delete chunks of a source that no longer exist (the source shrank). @default true */
  prune: z.boolean().default(true),
  /** Seconds the Job waits for Chroma and the embedding server before failing. @default 1800 */
  waitTimeoutSecs: z.number().int().min(10).default(1800),
  /** Job retries. @default 3 */
  backoffLimit: z.number().int().min(0).default(3),
  /** @default requests 250m / 512Mi, limits 1 / 1Gi */
  resources: resourcesSchema.optional(),
});

export type IngestionSource = z.output<typeof ingestionSourceSchema>;
export type IngestionConfig = z.output<typeof ingestionSchema>;
