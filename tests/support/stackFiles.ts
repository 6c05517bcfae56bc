import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const ROOT = join(__dirname, "..", "..");

/** The `llmstack:*` keys of a repository stack file (path from the root) as the raw object the program validates. */
export function rawConfigOf(file: string): Record<string, any> {
  const doc = parse(readFileSync(join(ROOT, file), "utf8")).config as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k.startsWith("llmstack:")) raw[k.slice("llmstack:".length)] = v;
  return JSON.parse(JSON.stringify(raw));
}
