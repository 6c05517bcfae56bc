/**
 * The ingestion Job's code (services/ingest) on small local files, against loopback STAND-INS of
 * Chroma's HTTP API v2 and of an OpenAI-compatible /v1/embeddings (see support/standIns.ts: a real
 * Chroma cannot run on these machines).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { chunkId, chunkText } from "../../services/ingest/src/chunk";
import { parseIngestConfig, type IngestConfig } from "../../services/ingest/src/config";
import { parseCsv } from "../../services/ingest/src/csv";
import { ingest } from "../../services/ingest/src/ingest";
import { silentLogger } from "../../services/ingest/src/log";
import { xmlDocument } from "../../services/ingest/src/sources";
import { waitFor } from "../../services/ingest/src/wait";
import { startChromaStandIn, startEmbeddingsStandIn, startStaticStandIn, type ChromaStandIn, type EmbeddingsStandIn, type StandIn } from "./support/standIns";

const FIXTURES = path.join(__dirname, "fixtures");
const API_KEY = "test-key-for-the-embeddings-stand-in";

describe("document readers", () => {
  test("CSV: quoted fields keep commas, doubled quotes and line breaks (seed 004's export)", () => {
    const rows = parseCsv(readFileSync(path.join(FIXTURES, "press_releases.csv"), "utf8"));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === 7)).toBe(true);
    expect(rows[1][3]).toContain('from "how to" to "how fast".\nTraining large models at scale can be expensive; stitching');
  });

  test("AEM XML: the HTML inside textOnly attributes becomes plain text, title and date come from attributes", () => {
    const file = "press_releases/2023/06/hpe-example-ai-inference/.content.xml";
    const doc = xmlDocument(
      { name: file, content: readFileSync(path.join(FIXTURES, file), "utf8") },
      { type: "xml", path: "press_releases", textAttributes: ["textOnly"], titleAttribute: "jcr:title", dateAttribute: "displayDate" },
      "path:press_releases",
    )!;
    expect(doc.title).toBe("Example Corp launches inference servers for the edge");
    expect(doc.date).toBe("2023-06-20T12:47:00.000-05:00");
    expect(doc.text).toContain("LAS VEGAS – Example Corp today announced three inference servers");
    expect(doc.text).toContain("language models close to where data is produced.");
    expect(doc.text).not.toMatch(/<|&[a-z]+;|&#|span class/);
    expect(doc.text).not.toContain("hero.jpg");
  });

  test("chunks are bounded, overlap, cover the text and keep their offsets run after run", () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const chunks = chunkText(text, 200, 40);
    expect(chunks.every((c) => c.text.length <= 200)).toBe(true);
    for (const [i, c] of chunks.entries()) {
      expect(text.slice(c.offset, c.offset + c.text.length)).toBe(c.text);
      if (i > 0) expect(c.offset).toBeLessThan(chunks[i - 1].offset + chunks[i - 1].text.length); // overlap
    }
    expect(chunks.at(-1)!.text.endsWith("word299")).toBe(true);
    expect(chunkText(text, 200, 40)).toEqual(chunks);
  });
});

describe("ingestion against the Chroma and embeddings stand-ins", () => {
  let chroma: ChromaStandIn;
  let embeddings: EmbeddingsStandIn;
  let web: StandIn;
  let dataDir: string;

  beforeEach(async () => {
    chroma = await startChromaStandIn({ maxBatchSize: 5 });
    embeddings = await startEmbeddingsStandIn({ apiKey: API_KEY, model: "minilm" });
    web = await startStaticStandIn({
      "/docs/overview.html": readFileSync(path.join(FIXTURES, "html/cml-overview.html"), "utf8"),
      "/docs/runtimes.html": readFileSync(path.join(FIXTURES, "html/runtimes.html"), "utf8"),
    });
    dataDir = mkdtempSync(path.join(tmpdir(), "ingest-data-"));
    cpSync(path.join(FIXTURES, "press_releases"), path.join(dataDir, "press_releases"), { recursive: true });
    cpSync(path.join(FIXTURES, "press_releases.csv"), path.join(dataDir, "press_releases.csv"));
    // Seed 001's html_links.txt: one link per line, comments and blank lines ignored.
    writeFileSync(path.join(dataDir, "html_links.txt"), `# docs pages\n${web.url}/docs/overview.html\n\n${web.url}/docs/runtimes.html\n`);
  });
  afterEach(async () => {
    await Promise.all([chroma.close(), embeddings.close(), web.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  function config(): IngestConfig {
    return parseIngestConfig({
      sources: [
        { type: "xml", path: "press_releases", textAttributes: ["textOnly"], titleAttribute: "jcr:title", dateAttribute: "displayDate" },
        { type: "csv", path: "press_releases.csv", textColumns: ["Title", "Summary", "Content"], titleColumn: "Title", urlColumn: "URL", dateColumn: "Date" },
        { type: "htmlLinks", path: "html_links.txt", links: [] },
      ],
      dataDir,
      chunk: { size: 120, overlap: 20 },
      batchSize: 8,
      prune: true,
      embeddings: { baseUrl: `${embeddings.url}/v1`, model: "minilm", maxTokens: 256, apiKeyEnv: "EMBEDDING_API_KEY" },
      chroma: { url: chroma.url, tenant: "default_tenant", database: "default_database", collection: "press" },
      http: { timeoutMs: 5000, retries: 1 },
    });
  }
  const env = { EMBEDDING_API_KEY: API_KEY };

  test("reads XML, CSV and HTML links, embeds with the key and writes every chunk under a stable id", async () => {
    const s = await ingest(config(), env, silentLogger);
    const records = chroma.collections.get("press")!.records;
    expect(s.upserted).toBe(s.chunks);
    expect(records.size).toBe(s.chunks);
    expect(s.documents).toBe(2 + 3 + 2); // two XML pages, three CSV rows, two HTML pages

    // Every record's id is the hash of its document's source and its offset.
    for (const [id, r] of records) expect(id).toBe(chunkId(String(r.metadata!.source), Number(r.metadata!.offset)));
    const sources = new Set([...records.values()].map((r) => r.metadata!.source));
    expect(sources).toContain("press_releases/2023/06/hpe-example-ai-inference/.content.xml");
    expect(sources).toContain("press_releases.csv#https://news.example.com/2023/06/ai-cloud.html");
    expect(sources).toContain("press_releases.csv#row3");
    expect(sources).toContain(`${web.url}/docs/overview.html`);

    const docs = [...records.values()].map((r) => r.document!).join("\n");
    expect(docs).toContain("A job runs a script on a schedule or after another job & can be triggered");
    expect(docs).not.toMatch(/<script|analytics|<p>|a comment that must not/);
    const html = [...records.values()].find((r) => r.metadata!.source === `${web.url}/docs/overview.html`)!;
    expect(html.metadata!.title).toBe("Machine Learning overview — Example Docs");

    // Batches respect Chroma's max_batch_size (5) below the configured 8; inputs are truncated server-side.
    expect(embeddings.requests.every((r) => r.input.length <= 5 && r.truncate === 256)).toBe(true);
    expect(embeddings.calls.filter((c) => c.path === "/v1/embeddings").every((c) => c.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    // Vectors are stored in input order although the stand-in answers out of order.
    const [someId, some] = [...records.entries()][0];
    const { fakeEmbedding } = await import("./support/standIns");
    expect(some.embedding).toEqual(fakeEmbedding(some.document!));
    expect(someId).toHaveLength(32);
    expect(chroma.collections.get("press")!.configuration).toEqual({ hnsw: { space: "cosine" } });
  });

  test("a second run changes nothing and embeds nothing; a vanished row's chunks are pruned", async () => {
    const first = await ingest(config(), env, silentLogger);
    const before = new Map(chroma.collections.get("press")!.records);
    const embedded = embeddings.requests.length;

    const second = await ingest(config(), env, silentLogger);
    expect(second).toMatchObject({ chunks: first.chunks, upserted: 0, unchanged: first.chunks, deleted: 0 });
    expect(embeddings.requests.length).toBe(embedded);
    expect(chroma.collections.get("press")!.records).toEqual(before);

    // Drop the URL-less row from the CSV: only its chunks go.
    const csv = readFileSync(path.join(dataDir, "press_releases.csv"), "utf8").split("\n");
    writeFileSync(path.join(dataDir, "press_releases.csv"), csv.filter((l) => !l.startsWith("Row without URL")).join("\n"));
    const third = await ingest(config(), env, silentLogger);
    const gone = [...before.entries()].filter(([, r]) => r.metadata!.source === "press_releases.csv#row3").map(([id]) => id);
    expect(gone.length).toBeGreaterThan(0);
    expect(third.deleted).toBe(gone.length);
    expect(third.upserted).toBe(0);
    const after = chroma.collections.get("press")!.records;
    expect(after.size).toBe(before.size - gone.length);
    for (const id of gone) expect(after.has(id)).toBe(false);
  });

  test("only Chroma v2 routes are used", async () => {
    await ingest(config(), env, silentLogger);
    const paths = chroma.calls.map((c) => new URL(c.path, "http://x").pathname);
    expect(paths.every((p) => p.startsWith("/api/v2/"))).toBe(true);
    expect(paths).toContain(`/api/v2/tenants/default_tenant/databases/default_database/collections`);
    const id = chroma.collections.get("press")!.id;
    expect(paths).toContain(`/api/v2/tenants/default_tenant/databases/default_database/collections/${id}/upsert`);
  });

  test("a wrong API key fails the run instead of writing unembedded records", async () => {
    await expect(ingest(config(), { EMBEDDING_API_KEY: "wrong" }, silentLogger)).rejects.toThrow(/HTTP 401/);
    expect(chroma.collections.get("press")!.records.size).toBe(0);
  });
});

describe("waiting for dependencies (the Job's init containers)", () => {
  test("waits through 503s until /health answers, and gives up after the timeout", async () => {
    const server = await startEmbeddingsStandIn({ apiKey: API_KEY, model: "minilm", unhealthyFor: 2 });
    try {
      await waitFor(`${server.url}/health`, { timeoutSecs: 5, intervalMs: 20, log: silentLogger });
      expect(server.calls.filter((c) => c.path === "/health")).toHaveLength(3);
      const down = await startEmbeddingsStandIn({ apiKey: API_KEY, model: "minilm", unhealthyFor: 1000 });
      await expect(waitFor(`${down.url}/health`, { timeoutSecs: 0.2, intervalMs: 20, log: silentLogger })).rejects.toThrow(/not ready after/);
      await down.close();
    } finally {
      await server.close();
    }
  });
});
