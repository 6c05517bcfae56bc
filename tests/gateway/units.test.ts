/**
 * The gateway's pure parts: env parsing, argument handling of each function, limits, row queue, backoff.
 */
import { ConfigError, loadConfig } from "../../services/gateway/src/config";
import { planChat, planComplete, planEmbed, chatContent } from "../../services/gateway/src/functions";
import { GATEWAY_LIMITS, SERVICE_FUNCTION_DEFAULTS, batchTimeoutSecsFor, worstCaseBatchSecs } from "../../services/gateway/src/limits";
import { AbortedWhileQueued, RowQueue } from "../../services/gateway/src/rowQueue";
import { backoffDelayMs, RetriesExhausted, withRetries } from "../../services/gateway/src/retry";
import { parseRetryAfter } from "../../services/gateway/src/upstream";
import { Cancellation } from "../../services/gateway/src/cancel";

describe("config from env", () => {
  test("defaults come from GATEWAY_LIMITS; the base URL is normalized", () => {
    const c = loadConfig({ UPSTREAM_MODEL: "qwen", UPSTREAM_BASE_URL: "http://vllm:8000/v1/" });
    expect(c).toMatchObject({ ...GATEWAY_LIMITS, port: 8001, host: "0.0.0.0", upstreamModel: "qwen", upstreamBaseUrl: "http://vllm:8000", logLevel: "info" });
    expect(c.upstreamApiKey).toBeUndefined();
    expect(loadConfig({ UPSTREAM_MODEL: "m" }).upstreamBaseUrl).toBe("http://localhost:8000");
    expect(loadConfig({ UPSTREAM_MODEL: "m", GATEWAY_MAX_CONCURRENCY: "16", UPSTREAM_API_KEY: "k" })).toMatchObject({ maxConcurrency: 16, upstreamApiKey: "k" });
  });

  test("every invalid variable is reported with its name, value and what is allowed", () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ GATEWAY_PORT: "80a", GATEWAY_MAX_CONCURRENCY: "0", GATEWAY_ROW_TIMEOUT_MS: "1.5", UPSTREAM_BASE_URL: "ftp://x", GATEWAY_LOG_LEVEL: "loud" });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      'GATEWAY_PORT="80a" is not valid: expected an integer from 1 to 65535 (default 8001)',
      'GATEWAY_MAX_CONCURRENCY="0" is not valid: expected an integer from 1 to 4096 (default 64)',
      'GATEWAY_ROW_TIMEOUT_MS="1.5" is not valid: expected an integer from 100 to 3600000 (default 60000)',
      'UPSTREAM_BASE_URL="ftp://x" is not valid: expected an http:// or https:// URL, got protocol ftp:',
      expect.stringMatching(/^UPSTREAM_MODEL="" is not valid: it is required/),
      'GATEWAY_LOG_LEVEL="loud" is not valid: expected one of error, warn, info, debug',
    ]);
  });
});

describe("function arguments", () => {
  const call = (request: object) => ({ kind: "call", request: expect.objectContaining(request) });
  test("complete: prompt alone, with an options object or JSON, or with temperature and max_tokens", () => {
    const user = (content: string) => [{ role: "user", content }];
    expect(planComplete(["hi"], "m")).toEqual({ kind: "call", request: { model: "m", messages: user("hi"), stream: false } });
    expect(planComplete(["hi", { temperature: 0 }], "m")).toEqual(call({ temperature: 0 }));
    expect(planComplete(["hi", '{"max_tokens": 3, "stop": ["\\n"]}'], "m")).toEqual(call({ max_tokens: 3, stop: ["\n"] }));
    expect(planComplete(["hi", 0.5, 10], "m")).toEqual(call({ temperature: 0.5, max_tokens: 10 }));
    expect(planComplete(["hi", null, 10], "m")).toEqual(call({ max_tokens: 10 }));
    expect(planComplete(["hi", null, null], "m")).toEqual(call({ messages: user("hi") }));
    expect(planComplete([null], "m")).toEqual({ kind: "value", value: null });
  });

  test.each([
    [["hi", 3], /temperature must be a number from 0 to 2/],
    [["hi", 0.2, 2.5], /max_tokens must be an integer/],
    [["hi", { max_tokens: 0 }], /max_tokens must be an integer/],
    [["hi", "{oops"], /options are not valid JSON/],
    [["hi", "[1]"], /options must be a JSON object/],
    [["hi", { temperature: 0 }, 5], /no further argument/],
    [["hi", true], /argument 2 must be/],
    [["hi", 1, 2, 3], /at most 3 arguments/],
    [[{ text: "hi" }], /prompt must be a string/],
  ])("complete rejects %j", (args, reason) => {
    const plan = planComplete(args, "m");
    expect(plan.kind).toBe("invalid");
    expect((plan as { reason: string }).reason).toMatch(reason);
  });

  test("chat: the payload's model is replaced, its options pass through, argument options win, stream/n are refused", () => {
    const messages = [{ role: "user", content: "q" }];
    expect(planChat([{ model: "other", messages, top_k: 5, temperature: 1 }, { temperature: 0 }], "m")).toEqual({
      kind: "call",
      request: { model: "m", messages, top_k: 5, temperature: 0, stream: false },
    });
    expect(planChat([JSON.stringify(messages)], "m")).toEqual(call({ messages }));
    expect(planChat([{ messages, stream: true }], "m")).toEqual({ kind: "invalid", reason: expect.stringMatching(/stream must be false/) });
    expect(planChat([{ messages, n: 2 }], "m")).toEqual({ kind: "invalid", reason: expect.stringMatching(/n must be 1/) });
    expect(planChat([{ messages: [{ content: "no role" }] }], "m")).toEqual({ kind: "invalid", reason: "messages[0].role must be a non-empty string, got nothing" });
    expect(planChat([{ messages: [{ role: "user", content: 5 }] }], "m")).toEqual({ kind: "invalid", reason: expect.stringMatching(/messages\[0\]\.content/) });
    expect(planChat(["plain text"], "m")).toEqual({ kind: "invalid", reason: expect.stringMatching(/not valid JSON/) });
  });

  test("embed takes one text; chat responses without content are errors", () => {
    expect(planEmbed(["t"], "e")).toEqual({ kind: "call", request: { model: "e", input: "t", truncate_prompt_tokens: -1 } });
    expect(planEmbed(["t"], "e", { embedMaxInputTokens: 512 })).toEqual({ kind: "call", request: { model: "e", input: "t", truncate_prompt_tokens: 512 } });
    expect(planEmbed(["t", "x"], "e")).toEqual({ kind: "invalid", reason: "expected 1 argument (text), got 2" });
    expect(() => chatContent({ choices: [{ message: { content: null }, finish_reason: "tool_calls" }] })).toThrow(/finish_reason tool_calls/);
    expect(chatContent({ choices: [{ message: { content: "" } }] })).toBe("");
  });
});

describe("limits", () => {
  test("service-function defaults match the gateway's limits", () => {
    expect(SERVICE_FUNCTION_DEFAULTS.maxBatchRows).toBeLessThanOrEqual(GATEWAY_LIMITS.maxQueuedRows);
    expect(SERVICE_FUNCTION_DEFAULTS.maxBatchRows).toBeGreaterThanOrEqual(GATEWAY_LIMITS.maxConcurrency); // one batch can fill the slots
    expect(SERVICE_FUNCTION_DEFAULTS.maxBatchRetries).toBe(3);
    expect(SERVICE_FUNCTION_DEFAULTS.onBatchFailure).toBe("ABORT");
    // Covers the worst case of an admitted batch: ceil(queued / concurrency) waves of one row deadline each.
    const waves = Math.ceil(GATEWAY_LIMITS.maxQueuedRows / GATEWAY_LIMITS.maxConcurrency);
    expect(SERVICE_FUNCTION_DEFAULTS.batchTimeoutSecs * 1000).toBeGreaterThan(waves * GATEWAY_LIMITS.rowTimeoutMs);
    expect(SERVICE_FUNCTION_DEFAULTS.batchTimeoutSecs).toBe(batchTimeoutSecsFor(GATEWAY_LIMITS));
    expect(worstCaseBatchSecs({ maxConcurrency: 10, maxQueuedRows: 25, rowTimeoutMs: 1_000 })).toBe(3);
  });
});

describe("cancellation", () => {
  test("abort runs each remaining listener once with the reason set; removed listeners and later aborts do nothing", () => {
    const c = new Cancellation();
    const seen: string[] = [];
    const removed = () => seen.push("removed");
    c.addEventListener("abort", () => seen.push(`a:${String(c.reason)}`));
    c.addEventListener("abort", removed);
    c.addEventListener("abort", () => seen.push(`b:${c.aborted}`));
    c.removeEventListener("abort", removed);
    c.abort("client gone");
    c.abort("second");
    c.addEventListener("abort", () => seen.push("late")); // already aborted: callers check `aborted` first
    expect(seen).toEqual(["a:client gone", "b:true"]);
    expect(c.reason).toBe("client gone");
  });

  test("a queued row leaves the queue when its batch's Cancellation aborts", async () => {
    const q = new RowQueue(1, 2);
    const release = await q.acquire();
    const batch = new Cancellation();
    const waiting = q.acquire(batch).catch((e: unknown) => e);
    batch.abort("shutdown");
    const e = await waiting;
    expect(e).toBeInstanceOf(AbortedWhileQueued);
    expect((e as AbortedWhileQueued).reason).toBe("shutdown");
    expect(q.stats()).toMatchObject({ running: 1, waiting: 0 });
    release();
  });
});

describe("row queue", () => {
  test("grants slots in FIFO order up to the limit; an abort while queued takes no slot; admission is bounded", async () => {
    const q = new RowQueue(1, 3);
    expect(q.tryAdmit(3)).toBe(true);
    expect(q.tryAdmit(1)).toBe(false);
    const order: string[] = [];
    const first = await q.acquire();
    const aborted = new AbortController();
    const b = q.acquire(aborted.signal).then(() => order.push("b"), (e) => order.push(e instanceof AbortedWhileQueued ? "b aborted" : "?"));
    const c = q.acquire().then((release) => {
      order.push("c");
      release();
    });
    expect(q.stats()).toEqual({ admitted: 3, running: 1, waiting: 2 });
    aborted.abort();
    first();
    first(); // idempotent
    await Promise.all([b, c]);
    expect(order).toEqual(["b aborted", "c"]);
    expect(q.stats()).toEqual({ admitted: 3, running: 0, waiting: 0 });
    q.finish(3);
    expect(q.tryAdmit(3)).toBe(true);
  });
});

describe("retries", () => {
  test("backoff doubles up to the cap, with jitter in [cap/2, cap]", () => {
    const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
  });

  test("stops at a non-retryable error, after maxRetries, or when the next wait would pass the deadline", async () => {
    const policy = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1 };
    const failing = (retryable: boolean) => {
      let calls = 0;
      const run = withRetries(() => Promise.reject(new Error(`fail ${++calls}`)), () => ({ retryable }), policy, { deadline: Date.now() + 60_000 });
      return run.catch((e: RetriesExhausted) => ({ why: e.why, attempts: e.attempts, message: e.message }));
    };
    expect(await failing(false)).toEqual({ why: "not-retryable", attempts: 1, message: "fail 1" });
    expect(await failing(true)).toEqual({ why: "max-retries", attempts: 4, message: "fail 4" });
    const late = await withRetries(() => Promise.reject(new Error("x")), () => ({ retryable: true, retryAfterMs: 5_000 }), { ...policy, maxDelayMs: 10_000 }, { deadline: Date.now() + 1_000 }).catch((e: RetriesExhausted) => e.why);
    expect(late).toBe("deadline");
    expect(parseRetryAfter("2")).toBe(2_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
