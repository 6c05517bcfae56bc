/** The `kubernetes.ingestion` key: the ingestion Job's sources (seeds 001 and 004), chunking and batching. */
import { z } from "zod";
import { DNS1123_LABEL, resourcesSchema } from "./primitives";

const sourceLocation = {
  url: z.url({ protocol: /^https?$/ }).optional().describe("http(s) URL of the file. One of url and path. @default none"),
  path: z.string().regex(/^[^/]/, { error: "is relative to the data volume (no leading /)" }).optional().describe("Path under the data volume (`ingestion.data`), mounted read-only at /data; a directory is read recursively. One of url and path. @default none"),
};

/** seed 004: the press releases as one CSV (Title, Date, Summary, Content, URL). */
const csvSourceSchema = z.strictObject({
  type: z.literal("csv").describe("A CSV file, one document per row (seed 004's press-release export)."),
  ...sourceLocation,
  textColumns: z.array(z.string()).min(1).default(["Title", "Summary", "Content"]).describe("Columns joined into the text. @default [\"Title\", \"Summary\", \"Content\"]"),
  titleColumn: z.string().default("Title").describe("Column holding the title (metadata `title`)."),
  urlColumn: z.string().default("URL").describe("Column holding each row's own URL (kept as metadata and in the chunk id). @default \"URL\""),
  dateColumn: z.string().default("Date").describe("Column holding the date (metadata `date`)."),
});

/** seed 004: the press releases as AEM `.content.xml` pages (HTML inside `textOnly` attributes). */
const xmlSourceSchema = z.strictObject({
  type: z.literal("xml").describe("XML pages, e.g. AEM `.content.xml` (seed 004's press releases)."),
  ...sourceLocation,
  textAttributes: z.array(z.string()).default(["textOnly"]).describe("Attributes whose (HTML) values are the text; none found → all element text. @default [\"textOnly\"]"),
  titleAttribute: z.string().default("jcr:title").describe("Attribute holding the title (metadata `title`)."),
  dateAttribute: z.string().default("displayDate").describe("Attribute holding the date (metadata `date`)."),
});

/** seed 001: a text file of HTML links, one per line (or the links inline); pages are fetched and their tags stripped. */
const htmlLinksSourceSchema = z.strictObject({
  type: z.literal("htmlLinks").describe("A list of web pages to fetch (seed 001)."),
  ...sourceLocation,
  links: z.array(z.url({ protocol: /^https?$/ })).default([]).describe("Links given inline instead of in a file. @default []"),
});

export const ingestionSourceSchema = z.discriminatedUnion("type", [csvSourceSchema, xmlSourceSchema, htmlLinksSourceSchema]);

export const ingestionSchema = z.strictObject({
  embeddingModel: z.string().optional().describe("The embedding model (a `models[].name` placed on Kubernetes). @default the only Kubernetes embedding model"),
  sources: z.array(ingestionSourceSchema).min(1).describe("What to read."),
  data: z
    .strictObject({
      persistentVolumeClaim: z.string().regex(DNS1123_LABEL).optional().describe("An existing PVC. @default none"),
      configMap: z.string().regex(DNS1123_LABEL).optional().describe("An existing ConfigMap (small corpora). @default none"),
    })
    .optional().describe("Volume with the files `path` sources name, mounted read-only at /data (fill it like seed 004's `pachctl put file`). @default none"),
  chunkSize: z.number().int().min(50).default(800).describe("Characters per chunk (all-MiniLM-L6-v2 reads 256 tokens, about 1,000 characters of English). @default 800"),
  chunkOverlap: z.number().int().min(0).default(100).describe("Characters shared by consecutive chunks. @default 100"),
  batchSize: z.number().int().min(1).max(1024).default(64).describe("Chunks per embeddings request and per Chroma upsert. @default 64"),
  prune: z.boolean().default(true).describe("Delete chunks of a source that no longer exist (the source shrank). @default true"),
  waitTimeoutSecs: z.number().int().min(10).default(1800).describe("Seconds the Job waits for Chroma and the embedding server before failing. @default 1800"),
  backoffLimit: z.number().int().min(0).default(3).describe("Job retries. @default 3"),
  resources: resourcesSchema.optional().describe("The ingestion Job's container resources. @default requests 250m / 512Mi, limits 1 / 1Gi"),
});

export type IngestionSource = z.output<typeof ingestionSourceSchema>;
export type IngestionConfig = z.output<typeof ingestionSchema>;
