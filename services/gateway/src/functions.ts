/**
 * What each service function does with one row: its arguments → an upstream request (or an immediate value),
 * and the upstream response → the row's value. Pure: no I/O, so every rule here is unit-testable.
 *
 * Error values (one rule, documented in the README): a row that cannot be answered gets a value of the
 * function's own return type that says so. Text functions (complete, chat) return the string
 * `"ERROR: <reason>"`; embed returns SQL NULL, since a VECTOR/ARRAY result cannot hold text, and the reason is
 * logged with the batch id and row index. SQL NULL input gives NULL output, as for built-in functions.
 */
import { describe, RowValue, truncate } from "./protocol";

/** Prefix of every error value of the text functions. */
export const ERROR_PREFIX = "ERROR: ";

/** How one row will be answered. */
export type RowPlan<T> =
  | { kind: "call"; request: T }
  | { kind: "value"; value: RowValue }
  | { kind: "invalid"; reason: string };

/** A chat message as OpenAI's API takes it (content may be text or content parts). */
export interface ChatMessage {
  role: string;
  content?: unknown;
  [key: string]: unknown;
}

/** Body of `POST /v1/chat/completions`. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream: false;
  [option: string]: unknown;
}

/**
 * Body of `POST /v1/embeddings`. `truncate_prompt_tokens` is vLLM's pooling-request option (vllm-project/vllm
 * vllm/entrypoints/pooling/base/protocol.py, PoolingBasicRequestMixin: an int >= -1; -1 = the model's limit,
 * k = keep k tokens): without it an input longer than `--max-model-len` is refused with HTTP 400 and the row
 * would come back NULL.
 */
export interface EmbeddingRequest {
  model: string;
  input: string;
  truncate_prompt_tokens: number;
}

/** What the gateway's configuration tells the row planners. */
export interface PlanOptions {
  /** Most input tokens of the embedding model (`GATEWAY_EMBED_MAX_INPUT_TOKENS`); unset = the server's own limit. */
  embedMaxInputTokens?: number;
}

/** Generation options accepted in the options argument (anything else is rejected, to catch typos). */
export const OPTION_KEYS = ["temperature", "max_tokens", "top_p", "stop", "seed", "presence_penalty", "frequency_penalty"] as const;

/** Most arguments after the row index: main argument + options object, or main + temperature + max_tokens. */
const MAX_ARGS = 3;

/**
 * `COMPLETE(prompt [, options])` or `COMPLETE(prompt, temperature [, max_tokens])`: the prompt is sent as one
 * user message. `options` is an object or a JSON string with keys from {@link OPTION_KEYS}.
 */
export function planComplete(args: readonly unknown[], model: string): RowPlan<ChatCompletionRequest> {
  const prompt = args[0];
  if (prompt === null || prompt === undefined) return { kind: "value", value: null };
  if (typeof prompt !== "string") return invalid(`prompt must be a string, got ${describe(prompt)}`);
  const options = parseOptionArgs(args);
  if (typeof options === "string") return invalid(options);
  return { kind: "call", request: { ...options, model, messages: [{ role: "user", content: prompt }], stream: false } };
}

/**
 * `CHAT(payload [, options])` or `CHAT(payload, temperature [, max_tokens])`. The payload is seed 002's form,
 * an object or JSON string `{"model": …, "messages": [...], <options>}`, or a bare messages array. The payload's
 * `model` is replaced by the served model (the gateway serves one); its other keys pass through to the
 * model server, and the options arguments win over them.
 */
export function planChat(args: readonly unknown[], model: string): RowPlan<ChatCompletionRequest> {
  let payload = args[0];
  if (payload === null || payload === undefined) return { kind: "value", value: null };
  if (typeof payload === "string") {
    try {
      payload = JSON.parse(payload);
    } catch (e) {
      return invalid(`messages payload is not valid JSON: ${(e as Error).message}`);
    }
  }
  let extra: Record<string, unknown> = {};
  let messages: unknown;
  if (Array.isArray(payload)) {
    messages = payload;
  } else if (isPlainObject(payload)) {
    const { messages: m, model: _ignored, ...rest } = payload;
    messages = m;
    if (rest.stream !== undefined && rest.stream !== false) return invalid("stream must be false: a row gets one complete reply");
    if (rest.n !== undefined && rest.n !== 1) return invalid("n must be 1: a row gets one reply");
    const checked = checkOptions(rest, false);
    if (typeof checked === "string") return invalid(checked);
    extra = checked;
  } else {
    return invalid(`payload must be {"messages": [...]} or a messages array, got ${describe(payload)}`);
  }
  const messageError = checkMessages(messages);
  if (messageError) return invalid(messageError);
  const options = parseOptionArgs(args);
  if (typeof options === "string") return invalid(options);
  return { kind: "call", request: { ...extra, ...options, model, messages: messages as ChatMessage[], stream: false } };
}

/** `EMBED(text)`: the embedding of one text, truncated to the model's input limit rather than refused. */
export function planEmbed(args: readonly unknown[], model: string, options: PlanOptions = {}): RowPlan<EmbeddingRequest> {
  if (args.length > 1) return invalid(`expected 1 argument (text), got ${args.length}`);
  const text = args[0];
  if (text === null || text === undefined) return { kind: "value", value: null };
  if (typeof text !== "string") return invalid(`text must be a string, got ${describe(text)}`);
  return { kind: "call", request: { model, input: text, truncate_prompt_tokens: options.embedMaxInputTokens ?? -1 } };
}

/**
 * Whether the server cut the row's input: it reports the tokens it embedded in `usage.prompt_tokens`
 * (OpenAI embeddings response), which reach the limit only when the text was at least that long.
 */
export function embeddingTruncated(response: unknown, request: unknown): boolean {
  const limit = (request as Partial<EmbeddingRequest> | null)?.truncate_prompt_tokens;
  const used = (response as { usage?: { prompt_tokens?: unknown } } | null)?.usage?.prompt_tokens;
  return typeof limit === "number" && limit > 0 && typeof used === "number" && used >= limit;
}

/** The assistant's reply from a chat-completion response. @throws Error when the response has none. */
export function chatContent(response: unknown): string {
  const choice = (response as { choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }> } | null)?.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== "string") {
    throw new Error(`upstream response has no choices[0].message.content${choice ? ` (finish_reason ${String(choice.finish_reason)})` : ""}`);
  }
  return content;
}

/** The vector from an embeddings response. @throws Error when it is missing or not all finite numbers. */
export function embeddingVector(response: unknown): number[] {
  const vector = (response as { data?: Array<{ embedding?: unknown }> } | null)?.data?.[0]?.embedding;
  if (!Array.isArray(vector) || vector.length === 0 || !vector.every((x) => typeof x === "number" && Number.isFinite(x))) {
    throw new Error("upstream response has no data[0].embedding array of numbers");
  }
  return vector as number[];
}

/** The error value of a text function: `"ERROR: <reason>"`, the reason bounded in length. */
export function errorText(reason: string): string {
  return ERROR_PREFIX + truncate(reason, 500);
}

function invalid(reason: string): { kind: "invalid"; reason: string } {
  return { kind: "invalid", reason };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Options from the arguments after the first; a string is the reason they are invalid. */
function parseOptionArgs(args: readonly unknown[]): Record<string, unknown> | string {
  if (args.length > MAX_ARGS) return `expected at most ${MAX_ARGS} arguments, got ${args.length}`;
  const [, second, third] = args;
  const absent = (v: unknown) => v === null || v === undefined;
  if (absent(second) && absent(third)) return {};
  if (typeof second === "string" || isPlainObject(second)) {
    if (!absent(third)) return "after an options argument no further argument is allowed (use either options, or temperature and max_tokens)";
    let options: unknown = second;
    if (typeof second === "string") {
      if (second.trim() === "") return {};
      try {
        options = JSON.parse(second);
      } catch (e) {
        return `options are not valid JSON: ${(e as Error).message}`;
      }
      if (!isPlainObject(options)) return `options must be a JSON object like {"temperature": 0.2, "max_tokens": 256}, got ${describe(options)}`;
    }
    return checkOptions(options as Record<string, unknown>, true);
  }
  if ((absent(second) || typeof second === "number") && (absent(third) || typeof third === "number")) {
    const options: Record<string, unknown> = {};
    if (!absent(second)) options.temperature = second;
    if (!absent(third)) options.max_tokens = third;
    return checkOptions(options, true);
  }
  return `argument 2 must be an options object (or its JSON) or a number (temperature), and argument 3 a number (max_tokens); got ${describe(second)} and ${describe(third)}`;
}

/** Validates the known generation options; `strict` also rejects unknown keys. Returns them, or a reason. */
function checkOptions(options: Record<string, unknown>, strict: boolean): Record<string, unknown> | string {
  for (const [key, v] of Object.entries(options)) {
    switch (key) {
      case "temperature":
        if (!isNumberIn(v, 0, 2)) return `temperature must be a number from 0 to 2, got ${describe(v)}`;
        break;
      case "top_p":
        if (!isNumberIn(v, 0, 1) || v === 0) return `top_p must be a number in (0, 1], got ${describe(v)}`;
        break;
      case "max_tokens":
        if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 1_000_000) return `max_tokens must be an integer from 1 to 1000000, got ${describe(v)}`;
        break;
      case "seed":
        if (typeof v !== "number" || !Number.isSafeInteger(v)) return `seed must be an integer, got ${describe(v)}`;
        break;
      case "presence_penalty":
      case "frequency_penalty":
        if (!isNumberIn(v, -2, 2)) return `${key} must be a number from -2 to 2, got ${describe(v)}`;
        break;
      case "stop":
        if (!(typeof v === "string" || (Array.isArray(v) && v.every((s) => typeof s === "string")))) return `stop must be a string or an array of strings, got ${describe(v)}`;
        break;
      default:
        if (strict) return `unknown option ${JSON.stringify(key)} (allowed: ${OPTION_KEYS.join(", ")})`;
    }
  }
  return options;
}

function isNumberIn(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= min && v <= max;
}

/** A reason when `messages` is not a non-empty array of `{role, content}` objects, else undefined. */
function checkMessages(messages: unknown): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return `messages must be a non-empty array, got ${describe(messages)}`;
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isPlainObject(m)) return `messages[${i}] must be an object {"role": …, "content": …}, got ${describe(m)}`;
    if (typeof m.role !== "string" || m.role === "") return `messages[${i}].role must be a non-empty string, got ${describe(m.role)}`;
    const c = m.content;
    if (!(typeof c === "string" || Array.isArray(c) || (c == null && m.role === "assistant"))) {
      return `messages[${i}].content must be a string or an array of content parts, got ${describe(c)}`;
    }
  }
  return undefined;
}
