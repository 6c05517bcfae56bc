/**
 * Does a config path that a message names (`llmstack:snowflake.services.FILTER.endpoints[].public`)
 * exist in the stack config schema? Walks the zod schema itself, so it never drifts. `[]`, `[3]` and
 * `<…>` placeholders (what a message says when it cannot know a key) match any index or key.
 */
import type { z } from "zod";
import { stackConfigSchema } from "../../config/schema";
import { SECRET_CONFIG_KEYS } from "../../config/secrets";

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  options?: Schema[];
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
}

const def = (s: Schema) => s._zod.def as unknown as Def;

/** The schemas a value at `s` may be checked against, wrappers removed. */
function unwrap(s: Schema): Schema[] {
  const d = def(s);
  if (["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(d.type)) return unwrap(d.innerType!);
  if (d.type === "pipe") return unwrap(def(d.in!).type === "transform" ? d.out! : d.in!);
  if (d.type === "union") return d.options!.flatMap(unwrap);
  return [s];
}

function step(s: Schema, seg: string): Schema[] {
  return unwrap(s).flatMap((n) => {
    const d = def(n);
    if (seg.startsWith("[")) return d.type === "array" ? [d.element!] : [];
    if (d.type === "record") return [d.valueType!];
    if (d.type === "object") return d.shape![seg] ? [d.shape![seg]] : [];
    return [];
  });
}

export function configPathExists(path: string): boolean {
  const m = /^llmstack:(.+)$/.exec(path);
  if (!m) return false;
  if (m[1] in SECRET_CONFIG_KEYS) return true;
  const segments = m[1].match(/\[[^\]]*\]|<[^>]*>|[^.[\]]+/g) ?? [];
  let nodes: Schema[] = [stackConfigSchema];
  for (const seg of segments) {
    nodes = nodes.flatMap((n) => (seg.startsWith("<") ? unwrap(n).flatMap((x) => (def(x).type === "record" ? [def(x).valueType!] : [])) : step(n, seg)));
    if (nodes.length === 0) return false;
  }
  return true;
}

/** Every `llmstack:…` config path in a text (trailing punctuation dropped). */
export function configPathsIn(text: string): string[] {
  return [...text.matchAll(/llmstack:(?:[A-Za-z0-9_.[\]-]|<[^>]*>)+/g)].map((x) => x[0].replace(/[.-]+$/, ""));
}
