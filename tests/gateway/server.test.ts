/**
 * The gateway over real HTTP on loopback, against a stand-in OpenAI-compatible server (support/fakeOpenAI).
 */
import zlib from "node:zlib";
import { BatchTiming, createGateway, Gateway, GatewayOptions } from "../../services/gateway/src/server";
import { createJsonLogger } from "../../services/gateway/src/logger";
import { GATEWAY_ROUTES } from "../../services/gateway/src/limits";
import { FakeOpenAI, lastContent, startFakeOpenAI } from "./support/fakeOpenAI";
import { freePort, gate, listen, postBatch, request, until } from "./support/http";

const { complete, chat, embed, health } = GATEWAY_ROUTES;

let fake: FakeOpenAI;
let gw: Gateway | undefined;
let port: number;
let logLines: string[];

async function start(options: Partial<GatewayOptions> = {}, upstreamBaseUrl = fake.url): Promise<void> {
  logLines = [];
  gw = createGateway({
    upstreamBaseUrl,
    upstreamModel: "test-model",
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    healthCacheMs: 0,
    shutdownTimeoutMs: 2_000, // a failing test must not hold afterEach's close() for the default 30 s
    random: () => 0.5,
    logger: createJsonLogger("debug", (line) => void logLines.push(line)),
    ...options,
  });
  port = await listen(gw.server);
}

beforeEach(async () => {
  fake = await startFakeOpenAI();
});

afterEach(async () => {
  await gw?.close();
  gw = undefined;
  await fake.close();
});

test("answers every row in request order while rows run concurrently, with per-row errors and NULLs", async () => {
  const timings: BatchTiming[] = [];
  await start({ maxConcurrency: 8, onBatch: (t) => timings.push(t) });
  // Later rows answer first: a gateway that answered in completion order would scramble them.
  fake.onChat((r) => {
    const prompt = lastContent(r.body);
    const n = Number(prompt.replace("p", ""));
    return { delayMs: (30 - n) * 3, json: { choices: [{ message: { role: "assistant", content: `answer ${prompt}` } }] } };
  });
  const indexes = [...Array(30).keys()].sort((a, b) => ((a * 7) % 30) - ((b * 7) % 30)); // received out of index order
  const rows: unknown[][] = indexes.map((i) => [i, `p${i}`]);
  rows.splice(5, 0, [30, 42]); // invalid: the prompt is a number
  rows.splice(9, 0, [31, null]); // SQL NULL
  rows.splice(12, 0, [32, "p7", { temperature: 0.3, max_tokens: 5 }]);

  const res = await postBatch(port, complete, rows, {
    "sf-external-function-format": "json",
    "sf-external-function-format-version": "1.0",
    "sf-external-function-current-query-id": "query-1",
    "sf-external-function-query-batch-id": "batch-1",
  });

  expect(res.status).toBe(200);
  const expected = rows.map(([i, prompt]) => [i, typeof prompt === "string" ? `answer ${prompt}` : prompt === null ? null : expect.stringMatching(/^ERROR: prompt must be a string/)]);
  expect(res.json.data).toEqual(expected);
  expect(fake.maxInFlight).toBeGreaterThan(1); // fanned out...
  expect(fake.maxInFlight).toBeLessThanOrEqual(8); // ...within the limit
  const withOptions = fake.requests.find((r) => r.body.temperature !== undefined);
  expect(withOptions?.body).toEqual({ model: "test-model", messages: [{ role: "user", content: "p7" }], stream: false, temperature: 0.3, max_tokens: 5 });
  expect(logLines.some((l) => l.includes('"batchId":"batch-1"') && l.includes('"queryId":"query-1"'))).toBe(true);
  expect(timings).toEqual([{ fn: "complete", rows: rows.length, ms: expect.any(Number), upstreamMsMax: expect.any(Number) }]);
  expect(timings[0].ms).toBeGreaterThanOrEqual(timings[0].upstreamMsMax);
  expect(timings[0].upstreamMsMax).toBeGreaterThanOrEqual(80); // row "p0" is answered after (30 - 0) * 3 = 90 ms
});

test("chat takes seed 002's payload, a bare messages array and options; a bad payload fails only its own row", async () => {
  await start();
  const seed = JSON.stringify({ model: "Qwen/Qwen2.5-1.5B-Instruct", messages: [{ role: "user", content: "hello" }] });
  const res = await postBatch(port, chat, [
    [0, seed],
    [1, [{ role: "system", content: "be brief" }, { role: "user", content: "bare" }], 0.1, 7],
    [2, "{not json"],
    [3, { messages: [] }],
    [4, seed, '{"max_tokens": 9}'],
    [5, seed, { max_token: 9 }],
  ]);
  expect(res.status).toBe(200);
  expect(res.json.data).toEqual([
    [0, "echo: hello"],
    [1, "echo: bare"],
    [2, expect.stringMatching(/^ERROR: messages payload is not valid JSON/)],
    [3, expect.stringMatching(/^ERROR: messages must be a non-empty array/)],
    [4, "echo: hello"],
    [5, expect.stringMatching(/^ERROR: unknown option "max_token"/)],
  ]);
  const bodies = fake.requests.map((r) => r.body);
  expect(bodies.every((b) => b.model === "test-model")).toBe(true); // the gateway serves one model
  expect(bodies.find((b) => lastContent(b) === "bare")).toMatchObject({ temperature: 0.1, max_tokens: 7 });
  expect(bodies.filter((b) => b.max_tokens === 9)).toHaveLength(1);
});

test("a malformed batch gets 400 with a clear message and nothing goes upstream", async () => {
  await start();
  const cases: Array<[string, RegExp]> = [
    ["not json", /not valid JSON/],
    ["[]", /must be a JSON object/],
    ['{"rows": []}', /"data" array/],
    ['{"data": [5]}', /data\[0\] must be a non-empty array/],
    ['{"data": [[]]}', /data\[0\] must be a non-empty array/],
    ['{"data": [["0", "x"]]}', /data\[0\]\[0\] must be the row index/],
    ['{"data": [[0, "x"], [1.5, "y"]]}', /data\[1\]\[0\] must be the row index/],
    ['{"data": [[-1, "x"]]}', /non-negative integer/],
    ['{"data": [[0, "a"], [1, "b"], [0, "c"]]}', /duplicate row index 0 at data\[0\] and data\[2\]/],
  ];
  for (const [body, message] of cases) {
    const res = await request(port, "POST", complete, body);
    expect({ body, status: res.status }).toEqual({ body, status: 400 });
    expect(res.json.error).toMatch(message);
  }
  expect(fake.requests).toHaveLength(0);
  expect((await request(port, "GET", complete)).status).toBe(405);
  expect((await request(port, "POST", "/nope", "{}")).status).toBe(404);
  // An empty batch is valid and gets an empty answer.
  expect((await postBatch(port, complete, [])).json).toEqual({ data: [] });
});

test("a body over the limit gets 413 (also when it only grows on decompression); a gzip batch is accepted", async () => {
  await start({ maxBodyBytes: 2048, maxQueuedRows: 4 });
  const big = JSON.stringify({ data: [[0, "x".repeat(10_000)]] });
  expect((await request(port, "POST", complete, big)).status).toBe(413);
  const bomb = zlib.gzipSync(big);
  expect(bomb.length).toBeLessThan(2048);
  const res = await request(port, "POST", complete, bomb, { "content-encoding": "gzip" });
  expect(res.status).toBe(413);
  expect(res.json.error).toMatch(/larger than 2048 bytes/);
  const small = await request(port, "POST", complete, zlib.gzipSync(JSON.stringify({ data: [[0, "zip"]] })), { "content-encoding": "gzip" });
  expect(small.json).toEqual({ data: [[0, "echo: zip"]] });
  // A batch with more upstream rows than the queue can ever hold is refused outright (429 would loop).
  const tooMany = await postBatch(port, complete, [0, 1, 2, 3, 4].map((i) => [i, "r"]));
  expect(tooMany.status).toBe(413);
  expect(tooMany.json.error).toMatch(/GATEWAY_MAX_QUEUED_ROWS=4/);
  expect((await request(port, "POST", complete, "{}", { "content-encoding": "compress" })).status).toBe(415);
});

test("transient upstream failures are retried with backoff; permanent ones are not; giving up yields an error value", async () => {
  await start({ maxRetries: 2 });
  fake.onChat((r) => {
    const prompt = lastContent(r.body);
    const seen = fake.chatsWith(prompt).length;
    if (prompt === "flaky" && seen <= 2) return { status: 503, json: { error: { message: "engine busy" } } };
    if (prompt === "throttled" && seen === 1) return { status: 429, json: { error: { message: "slow down" } }, headers: { "retry-after": "0" } };
    if (prompt === "broken") return { status: 500, json: { error: { message: "CUDA error" } } };
    if (prompt === "bad") return { status: 400, json: { error: { message: "prompt too long" } } };
    return { json: { choices: [{ message: { content: `ok ${prompt}` } }] } };
  });
  const res = await postBatch(port, complete, [
    [0, "flaky"],
    [1, "throttled"],
    [2, "broken"],
    [3, "bad"],
  ]);
  expect(res.json.data).toEqual([
    [0, "ok flaky"],
    [1, "ok throttled"],
    [2, "ERROR: gave up after 3 attempts: upstream answered HTTP 500: CUDA error"],
    [3, "ERROR: upstream answered HTTP 400: prompt too long"],
  ]);
  expect(fake.chatsWith("flaky")).toHaveLength(3);
  expect(fake.chatsWith("throttled")).toHaveLength(2);
  expect(fake.chatsWith("broken")).toHaveLength(3);
  expect(fake.chatsWith("bad")).toHaveLength(1);
});

test("a row that outlives its timeout gets an error value and its upstream call is cancelled", async () => {
  await start({ rowTimeoutMs: 300 });
  fake.onChat((r) => (lastContent(r.body) === "slow" ? { hang: true } : { json: { choices: [{ message: { content: "fast" } }] } }));
  const res = await postBatch(port, complete, [
    [0, "slow"],
    [1, "quick"],
  ]);
  expect(res.json.data).toEqual([
    [0, "ERROR: upstream timeout: no answer within 300 ms (GATEWAY_ROW_TIMEOUT_MS) after 1 attempt(s)"],
    [1, "fast"],
  ]);
  await fake.waitFor(() => fake.aborted === 1, "the hung upstream request to be aborted");
});

test("upstream down: /health says 503 and rows get error values; /health recovers when it comes up", async () => {
  const deadPort = await freePort();
  await start({ maxRetries: 1 }, `http://127.0.0.1:${deadPort}`);
  const h = await request(port, "GET", health);
  expect(h.status).toBe(503);
  expect(h.json.upstream).toMatch(/ECONNREFUSED/);
  const res = await postBatch(port, complete, [[0, "hi"]]);
  expect(res.json.data).toEqual([[0, "ERROR: gave up after 2 attempts: upstream connection failed: ECONNREFUSED"]]);
  const vectors = await postBatch(port, embed, [[0, "hi"]]);
  expect(vectors.json.data).toEqual([[0, null]]);

  const revived = await startFakeOpenAI(deadPort);
  try {
    await until(async () => (await request(port, "GET", health)).status === 200, "/health to turn 200");
    expect((await postBatch(port, complete, [[0, "back"]])).json.data).toEqual([[0, "echo: back"]]);
  } finally {
    await revived.close();
  }
});

test("/health: 200 via /health or, without it, /v1/models; 503 when not ready; probes are cached", async () => {
  await start({ healthCacheMs: 60_000 });
  const ok = await request(port, "GET", health);
  expect(ok.status).toBe(200);
  expect(ok.json).toMatchObject({ status: "ok", model: "test-model" });
  await Promise.all([...Array(20)].map(() => request(port, "GET", health)));
  expect(fake.requests.filter((r) => r.path === "/health")).toHaveLength(1);
  await gw!.close();

  fake.onHealth(() => ({ status: 404 }));
  await start();
  expect((await request(port, "GET", health)).status).toBe(200);
  expect(fake.requests.some((r) => r.path === "/v1/models")).toBe(true);

  fake.onHealth(() => ({ status: 503 }));
  const down = await request(port, "GET", health);
  expect(down.status).toBe(503);
  expect(down.json.upstream).toBe("upstream /health answered 503");
});

test("when the row queue is full a batch is shed with 429 before anything goes upstream, and accepted later", async () => {
  await start({ maxConcurrency: 1, maxQueuedRows: 2 });
  const hold = gate();
  fake.onChat(async (r) => {
    await hold.promise;
    return { json: { choices: [{ message: { content: `done ${lastContent(r.body)}` } }] } };
  });
  const first = postBatch(port, complete, [
    [0, "a"],
    [1, "b"],
  ]);
  await fake.waitFor(() => fake.inFlight === 1, "the first row to reach upstream");
  expect(gw!.stats()).toMatchObject({ admitted: 2, running: 1, waiting: 1 });

  const shed = await postBatch(port, complete, [[0, "c"]]);
  expect(shed.status).toBe(429);
  expect(shed.headers["retry-after"]).toBe("1");
  expect(fake.requests).toHaveLength(1); // only row "a"

  hold.open();
  expect((await first).json.data).toEqual([
    [0, "done a"],
    [1, "done b"],
  ]);
  expect(fake.maxInFlight).toBe(1);
  expect((await postBatch(port, complete, [[0, "c"]])).json.data).toEqual([[0, "done c"]]);
});

test("a client that disconnects frees its queued rows and cancels its upstream calls", async () => {
  await start({ maxConcurrency: 1, maxQueuedRows: 3 });
  fake.onChat(() => ({ hang: true }));
  const abort = new AbortController();
  const pending = postBatch(port, complete, [[0, "x"], [1, "y"], [2, "z"]], {}, abort.signal);
  await fake.waitFor(() => fake.inFlight === 1, "the first row to reach upstream");
  abort.abort();
  await expect(pending).rejects.toThrow();
  await fake.waitFor(() => fake.aborted === 1, "the upstream call to be cancelled");
  await until(() => gw!.stats().admitted === 0 && gw!.stats().batches === 0, "the batch's rows to be released");
  expect(fake.requests).toHaveLength(1); // the queued rows never went upstream
});

test("graceful shutdown: stops accepting, finishes the in-flight batch, then resolves", async () => {
  await start();
  const hold = gate();
  fake.onChat(async (r) => {
    await hold.promise;
    return { json: { choices: [{ message: { content: `late ${lastContent(r.body)}` } }] } };
  });
  const inflight = postBatch(port, complete, [
    [0, "one"],
    [1, "two"],
  ]);
  await fake.waitFor(() => fake.inFlight === 2, "both rows to reach upstream");
  let closed = false;
  const closing = gw!.close().then(() => void (closed = true));
  await expect(request(port, "GET", health)).rejects.toThrow(/ECONNREFUSED/);
  expect(closed).toBe(false);
  hold.open();
  const res = await inflight;
  expect(res.status).toBe(200);
  expect(res.json.data).toEqual([
    [0, "late one"],
    [1, "late two"],
  ]);
  await closing;
  expect(closed).toBe(true);
});

test("graceful shutdown answers 503 (which Snowflake retries) for batches still running at the deadline", async () => {
  await start({ shutdownTimeoutMs: 100 });
  fake.onChat(() => ({ hang: true }));
  const inflight = postBatch(port, complete, [[0, "stuck"]]);
  await fake.waitFor(() => fake.inFlight === 1, "the row to reach upstream");
  await gw!.close();
  const res = await inflight;
  expect(res.status).toBe(503);
  expect(res.json.error).toMatch(/shut down/);
  await fake.waitFor(() => fake.aborted === 1, "the upstream call to be cancelled");
});

test("embed returns vectors; NULL, invalid and failed rows are NULL with the reason logged", async () => {
  await start({ maxRetries: 0 });
  fake.onEmbed((r) => (r.body.input === "bad" ? { status: 400, json: { error: { message: "input too long" } } } : { json: { data: [{ embedding: [0.25, -1, r.body.input.length] }] } }));
  const res = await postBatch(port, embed, [
    [0, "hello"],
    [1, null],
    [2, 7],
    [3, "bad"],
    [4, "hey"],
  ]);
  expect(res.json.data).toEqual([
    [0, [0.25, -1, 5]],
    [1, null],
    [2, null],
    [3, null],
    [4, [0.25, -1, 3]],
  ]);
  expect(fake.requests.map((r) => r.body)).toEqual(expect.arrayContaining([{ model: "test-model", input: "hello", truncate_prompt_tokens: -1 }]));
  const warning = logLines.map((l) => JSON.parse(l)).find((l) => l.msg === "batch with row errors");
  expect(warning.firstErrors).toEqual([
    { row: 2, reason: "text must be a string, got number 7" },
    { row: 3, reason: "upstream answered HTTP 400: input too long" },
  ]);
});

test("the upstream API key is sent as a Bearer token and never logged", async () => {
  await start({ upstreamApiKey: "sk-very-secret" });
  await postBatch(port, complete, [[0, "x"]]);
  await request(port, "GET", health);
  expect(fake.requests.length).toBeGreaterThanOrEqual(2);
  for (const r of fake.requests) expect(r.headers.authorization).toBe("Bearer sk-very-secret");
  expect(logLines.length).toBeGreaterThan(0);
  expect(logLines.join("\n")).not.toContain("sk-very-secret");
});
