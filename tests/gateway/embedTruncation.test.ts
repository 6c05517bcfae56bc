/**
 * Embedding rows longer than the model's input limit, over loopback against a stand-in that behaves as vLLM's
 * embeddings endpoint is documented to: a prompt longer than `--max-model-len` is refused with HTTP 400
 * ("This model's maximum context length is …", vllm/entrypoints/openai serving input validation) unless the
 * request sets `truncate_prompt_tokens` (vllm/entrypoints/pooling/base/protocol.py: -1 = the model's limit,
 * k = keep k tokens, the first k when truncation_side is unset or "right"); `usage.prompt_tokens` reports the
 * tokens embedded. Tokens are whitespace-separated words here, the stand-in's tokenizer.
 */
import { createJsonLogger } from "../../services/gateway/src/logger";
import { GATEWAY_ROUTES } from "../../services/gateway/src/limits";
import { createGateway, Gateway } from "../../services/gateway/src/server";
import { FakeOpenAI, startFakeOpenAI } from "./support/fakeOpenAI";
import { listen, postBatch } from "./support/http";

const MAX_MODEL_LEN = 16;

let fake: FakeOpenAI;
let gw: Gateway | undefined;

beforeEach(async () => {
  fake = await startFakeOpenAI();
  fake.onEmbed((r) => {
    const words = String(r.body.input).split(/\s+/).filter(Boolean);
    const t = r.body.truncate_prompt_tokens;
    const limit = t === undefined || t === null ? undefined : t === -1 ? MAX_MODEL_LEN : Number(t);
    if (limit === undefined && words.length > MAX_MODEL_LEN) {
      return { status: 400, json: { error: { message: `This model's maximum context length is ${MAX_MODEL_LEN} tokens. However, you requested ${words.length} tokens in the input for embedding generation. Please reduce the length of the input.` } } };
    }
    const used = words.slice(0, limit ?? words.length);
    return { json: { data: [{ index: 0, embedding: [used.length, 1] }], usage: { prompt_tokens: used.length, total_tokens: used.length } } };
  });
});

afterEach(async () => {
  await gw?.close();
  gw = undefined;
  await fake.close();
});

async function embed(rows: unknown[][], embedMaxInputTokens?: number) {
  const lines: string[] = [];
  gw = createGateway({
    upstreamBaseUrl: fake.url,
    upstreamModel: "bge-m3",
    maxRetries: 0,
    healthCacheMs: 0,
    shutdownTimeoutMs: 2_000,
    ...(embedMaxInputTokens !== undefined ? { embedMaxInputTokens } : {}),
    logger: createJsonLogger("debug", (line) => void lines.push(line)),
  });
  const port = await listen(gw.server);
  const res = await postBatch(port, GATEWAY_ROUTES.embed, rows);
  return { res, log: lines.map((l) => JSON.parse(l)).find((l) => l.msg === "batch" || l.msg === "batch with row errors") };
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");

test("a text longer than the model's limit gets an embedding of its first tokens, not NULL, and is counted", async () => {
  const { res, log } = await embed([[0, words(40)], [1, words(3)], [2, words(16)]], MAX_MODEL_LEN);
  expect(res.json.data).toEqual([
    [0, [16, 1]],
    [1, [3, 1]],
    [2, [16, 1]],
  ]);
  expect(fake.requests.map((r) => r.body.truncate_prompt_tokens)).toEqual([16, 16, 16]);
  // Row 2 is exactly at the limit: the server's count cannot tell it from a cut text, so it counts too.
  expect(log).toMatchObject({ msg: "batch", rows: 3, errors: 0, truncated: 2 });
});

test("without a configured limit the gateway still asks for truncation at the server's own limit", async () => {
  const { res, log } = await embed([[0, words(40)]]);
  expect(res.json.data).toEqual([[0, [16, 1]]]);
  expect(fake.requests[0].body.truncate_prompt_tokens).toBe(-1);
  expect(log).toMatchObject({ msg: "batch", errors: 0, truncated: 0 });
});
