/**
 * The ingestion Job (services/ingest, run as the Job runs it: `node …/main.js ingest --config <file>`) against
 * the REAL Chroma server at the version the manifests pin (PyPI chromadb = the chromadb/chroma image's server,
 * `chroma run` on loopback, tools/engine/start-chroma.sh). The config is the one the platform renders into the
 * ConfigMap for examples/k8s-dev.yaml, with only its addresses pointed at loopback. The embeddings server stays a
 * stand-in (tests/kubernetes/support/standIns.ts: deterministic vectors; no vLLM here).
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { ingestConfig } from "../../components/kubernetes/manifests/ingestion";
import { planKubernetesPlatform } from "../../components/kubernetes/manifests/plan";
import type { IngestConfig } from "../../services/ingest/src/config";
import { chunkId } from "../../services/ingest/src/chunk";
import { fakeEmbedding, startEmbeddingsStandIn, startStaticStandIn, type EmbeddingsStandIn, type StandIn } from "../kubernetes/support/standIns";
import { find, type Obj } from "../kubernetes/support/manifests";
import { exampleConfig, variantConfig } from "../kubernetes/support/stack";
import { startChroma, type Running } from "./support/servers";
import { chromaBin, REPO } from "./support/tools";

const FIXTURES = path.join(REPO, "tests/kubernetes/fixtures");
const INGEST_MAIN = path.join(REPO, "dist/services/ingest/src/main.js");
const API_KEY = "test-key-for-the-embeddings-stand-in";

let chroma: Running & { url: string };
let embeddings: EmbeddingsStandIn;
let web: StandIn;
let work: string;

beforeAll(async () => {
  chroma = startChroma();
  embeddings = await startEmbeddingsStandIn({ apiKey: API_KEY, model: "minilm" });
});
afterAll(async () => {
  await Promise.all([embeddings?.close(), web?.close()]);
  chroma?.stop();
});
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "llmstack-ingest-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

interface Summary {
  documents: number;
  chunks: number;
  upserted: number;
  unchanged: number;
  deleted: number;
}

/** Run the Job's entry point on `cfg` (asynchronously: the stand-ins answer from this process); returns its --summary. */
async function runJob(cfg: IngestConfig): Promise<Summary> {
  const file = path.join(work, "ingest.json");
  writeFileSync(file, JSON.stringify(cfg));
  const args = [INGEST_MAIN, "ingest", "--config", file, "--summary", path.join(work, "summary.json")];
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, args, { env: { PATH: process.env.PATH, EMBEDDING_API_KEY: API_KEY }, timeout: 120_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`ingest job failed: ${err.message}\n${stdout}${stderr}`)) : resolve(),
    ),
  );
  return JSON.parse(readFileSync(path.join(work, "summary.json"), "utf8")) as Summary;
}

/** The rendered ingest.json of a stack, its sources' data under `work` and its addresses on loopback. */
async function loopbackConfig(stack: ReturnType<typeof exampleConfig>): Promise<IngestConfig> {
  const plan = planKubernetesPlatform(stack);
  const rendered = JSON.parse(find(renderKubernetesManifests(stack), "ConfigMap", "ingest-config").data["ingest.json"]) as IngestConfig;
  expect(rendered).toEqual(ingestConfig(plan)); // the ConfigMap is what the Job reads
  const dataDir = path.join(work, "data");
  const files: Record<string, string> = {};
  const sources = rendered.sources.map((s) => {
    if (s.type === "xml") cpSync(path.join(FIXTURES, "press_releases"), path.join(dataDir, s.path!), { recursive: true });
    if (s.type === "csv" && s.url) {
      files[new URL(s.url).pathname] = readFileSync(path.join(FIXTURES, "press_releases.csv"), "utf8");
      return { ...s, url: `__WEB__${new URL(s.url).pathname}` };
    }
    return s;
  });
  await web?.close();
  web = await startStaticStandIn(files);
  return {
    ...rendered,
    sources: sources.map((s) => (s.url ? { ...s, url: s.url.replace("__WEB__", web.url) } : s)),
    dataDir,
    embeddings: { ...rendered.embeddings, baseUrl: `${embeddings.url}/v1` },
    chroma: { ...rendered.chroma, url: chroma.url },
    http: { timeoutMs: 10_000, retries: 1 },
  };
}

/** Chroma HTTP API v2 (the server's OpenAPI at /openapi.json; same paths services/ingest/src/chroma.ts uses). */
async function chromaCall<T>(method: string, p: string, body?: unknown): Promise<T> {
  const r = await fetch(`${chroma.url}${p}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${p}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

async function records(c: IngestConfig["chroma"]) {
  const db = `/api/v2/tenants/${c.tenant}/databases/${c.database}`;
  const col = await chromaCall<{ id: string; configuration_json: { hnsw?: { space?: string } } }>("GET", `${db}/collections/${c.collection}`);
  const got = await chromaCall<{ ids: string[]; documents: string[]; metadatas: Record<string, string | number>[] }>("POST", `${db}/collections/${col.id}/get`, { include: ["documents", "metadatas"] });
  return { db, col, rows: got.ids.map((id, i) => ({ id, document: got.documents[i], metadata: got.metadatas[i] })) };
}

test("the Chroma server is the version the manifests pin", () => {
  const image = find(renderKubernetesManifests(exampleConfig()), "StatefulSet", "chroma").spec.template.spec.containers[0].image as string;
  const venvPython = path.join(path.dirname(chromaBin()), "python");
  const installed = execFileSync(venvPython, ["-c", "import importlib.metadata as m; print(m.version('chromadb'))"], { encoding: "utf8" }).trim();
  expect(image).toBe(`chromadb/chroma:${installed}`);
});

test("k8s-dev's ingestion: ingests the fixtures, a second run changes nothing, a removed document is pruned, queries find the nearest chunks", async () => {
  const cfg = await loopbackConfig(exampleConfig());
  const first = await runJob(cfg);
  expect(first.documents).toBe(2 + 3); // two XML pages, three CSV rows
  expect(first.upserted).toBe(first.chunks);
  const before = await records(cfg.chroma);
  expect(before.rows).toHaveLength(first.chunks);
  expect(before.col.configuration_json.hnsw?.space).toBe("cosine");
  for (const r of before.rows) expect(r.id).toBe(chunkId(String(r.metadata.source), Number(r.metadata.offset)));

  const embedded = embeddings.requests.length;
  expect(await runJob(cfg)).toMatchObject({ chunks: first.chunks, upserted: 0, unchanged: first.chunks, deleted: 0 });
  expect(embeddings.requests.length).toBe(embedded);
  expect((await records(cfg.chroma)).rows).toEqual(before.rows);

  // Remove one XML page from the data volume: exactly its chunks go.
  const xml = cfg.sources.find((s) => s.type === "xml")!;
  const page = `${xml.path}/2023/07/hpe-example-supercomputer/.content.xml`;
  rmSync(path.join(cfg.dataDir, page));
  const gone = before.rows.filter((r) => r.metadata.source === page).map((r) => r.id);
  expect(gone.length).toBeGreaterThan(0);
  expect(await runJob(cfg)).toMatchObject({ upserted: 0, deleted: gone.length });
  const after = await records(cfg.chroma);
  expect(after.rows.map((r) => r.id).sort()).toEqual(before.rows.map((r) => r.id).filter((id) => !gone.includes(id)).sort());

  // Query with a stored chunk's text: the real HNSW index returns the cosine ranking (distance = 1 - cos) of all rows.
  const probe = after.rows[0];
  const q = fakeEmbedding(probe.document);
  const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  const expected = after.rows.map((r) => ({ id: r.id, distance: 1 - cos(q, fakeEmbedding(r.document)) })).sort((a, b) => a.distance - b.distance).slice(0, 3);
  const res = await chromaCall<{ ids: string[][]; distances: number[][] }>("POST", `${after.db}/collections/${after.col.id}/query`, { query_embeddings: [q], n_results: 3, include: ["distances"] });
  expect(res.ids[0]).toEqual(expected.map((e) => e.id));
  expect(res.ids[0][0]).toBe(probe.id);
  res.distances[0].forEach((d, i) => expect(d).toBeCloseTo(expected[i].distance, 4));
});

test("a non-default tenant and database (the prod variant's) are created on the real server", async () => {
  const base = await loopbackConfig(exampleConfig());
  const variant = ingestConfig(planKubernetesPlatform(variantConfig())).chroma;
  expect([variant.tenant, variant.database]).toEqual(["acme", "docs"]);
  const cfg = { ...base, chroma: { ...base.chroma, tenant: variant.tenant, database: variant.database } };
  await expect(chromaCall("GET", `/api/v2/tenants/${variant.tenant}`)).rejects.toThrow(/HTTP 404/);
  const s = await runJob(cfg);
  expect((await records(cfg.chroma)).rows).toHaveLength(s.chunks);
});
