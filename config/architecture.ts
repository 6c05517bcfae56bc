/**
 * `models[].architecture`: the size and shape of a model outside the catalog, given as numbers or read from
 * its `config.json` (`fromConfigJson: <path>`, relative to the directory the program or plan runs in). The
 * file goes through the same parser as the catalog's sourced configs (catalog/configJson.ts), so a local
 * config.json gets GQA, sliding windows and mixture-of-experts sizing for free.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import type { ModelArchitecture } from "../catalog/architecture";
import { architectureFromConfig, ConfigJsonError } from "../catalog/configJson";
import { positiveInt } from "./primitives";

const architectureNumbers = z.strictObject({
  /** Parameters in billions, every expert included. */
  parametersB: z.number().positive(),
  /** Mixture-of-experts: parameters one token uses, in billions. @default none (dense) */
  activeParametersB: z.number().positive().optional(),
  layers: positiveInt,
  /** num_key_value_heads. */
  kvHeads: positiveInt,
  headDim: positiveInt,
  /** max_position_embeddings. */
  maxContextLength: positiveInt,
  /** false for encoder (embedding) models, which keep no KV cache. @default true */
  decoder: z.boolean().default(true),
  /** Sliding-window attention: window in tokens. @default none */
  slidingWindow: positiveInt.optional(),
  /** Layers that use the sliding window. @default none */
  slidingWindowLayers: positiveInt.optional(),
});

/** Read and size a local config.json; the error says what is wrong with it. */
function fromConfigJson(path: string): ModelArchitecture {
  let text: string;
  try {
    text = readFileSync(resolve(path), "utf8");
  } catch (e) {
    throw new ConfigJsonError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigJsonError(`${path} is not JSON: ${(e as Error).message}`);
  }
  const { modelType: _t, hiddenSize: _h, vocabSize: _v, dtype: _d, ...arch } = architectureFromConfig(json as Record<string, unknown>);
  return arch;
}

export const architectureSchema = z.unknown().transform((value, ctx): ModelArchitecture => {
  if (value && typeof value === "object" && "fromConfigJson" in value) {
    const { fromConfigJson: path, ...rest } = value as Record<string, unknown>;
    if (typeof path !== "string" || path.length === 0 || Object.keys(rest).length > 0) {
      ctx.addIssue({ code: "custom", path: ["fromConfigJson"], message: "must be the only key, a path to a config.json" });
      return z.NEVER;
    }
    try {
      return fromConfigJson(path);
    } catch (e) {
      if (!(e instanceof ConfigJsonError)) throw e;
      ctx.addIssue({ code: "custom", path: ["fromConfigJson"], message: e.message });
      return z.NEVER;
    }
  }
  const parsed = architectureNumbers.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom", path: issue.path, message: issue.message } as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});
