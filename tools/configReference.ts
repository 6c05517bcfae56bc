/**
 * The config reference, generated from the zod schemas' own descriptions (`.describe()`), so it cannot
 * drift from what validation accepts: `npm run docs:config` rewrites docs/config-kubernetes.md, and a
 * test fails when the committed file differs from what this renders.
 *
 * Each key's row: its path (as `pulumi config set --path` takes it; `[]` for list items, `<name>` for
 * map keys), its type (enums spelled out), its default (the schema's default value when it has one,
 * else the description's `@default …` text) and the description without that `@default` part.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

type Json = { [k: string]: unknown };

export interface ReferenceRow {
  readonly path: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `text @default value` → [text, value]. */
export function splitDefault(description: string | undefined): [string, string | undefined] {
  if (!description) return ["", undefined];
  const i = description.indexOf("@default");
  if (i < 0) return [description.trim(), undefined];
  return [description.slice(0, i).trim(), description.slice(i + "@default".length).trim()];
}

function typeOf(node: Json): string {
  if (Array.isArray(node.enum)) return node.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  if (node.const !== undefined) return JSON.stringify(node.const);
  const variants = (node.anyOf ?? node.oneOf) as Json[] | undefined;
  if (Array.isArray(variants)) return variants.map(typeOf).join(" \\| ");
  if (node.type === "array") return `list of ${isObj(node.items) ? typeOf(node.items) : "any"}`;
  if (node.type === "object") return isObj(node.additionalProperties) ? `map of ${typeOf(node.additionalProperties)}` : "object";
  if (node.type === "integer") return "integer";
  return typeof node.type === "string" ? node.type : "any";
}

function defaultOf(node: Json, described: string | undefined): string {
  if (node.default === undefined) return described ?? "—";
  const isEmptyObject = isObj(node.default) && Object.keys(node.default).length === 0;
  // A section that defaults to {} fills every field with its own default: the text says it better.
  if (isEmptyObject && described) return described;
  return `\`${JSON.stringify(node.default)}\``;
}

function walk(node: Json, path: string, rows: ReferenceRow[], label = ""): void {
  const [text, described] = splitDefault(node.description as string | undefined);
  if (path) rows.push({ path, type: typeOf(node), default: defaultOf(node, described), description: `${label}${text}` });
  if (isObj(node.properties)) {
    for (const [k, v] of Object.entries(node.properties)) if (isObj(v)) walk(v, path ? `${path}.${k}` : k, rows);
  }
  if (node.type === "object" && isObj(node.additionalProperties) && isObj(node.additionalProperties.properties)) walk(node.additionalProperties, `${path}.<name>`, rows, "");
  if (node.type === "array" && isObj(node.items)) {
    const items = node.items;
    if (isObj(items.properties)) walkFields(items, `${path}[]`, rows, "");
    for (const v of (items.oneOf ?? items.anyOf ?? []) as Json[]) {
      const tag = Object.entries((v.properties ?? {}) as Record<string, Json>).find(([, p]) => p.const !== undefined);
      walkFields(v, `${path}[]`, rows, tag ? `(${tag[0]}: ${JSON.stringify(tag[1].const)}) ` : "");
    }
  }
}

/** The fields of an object node, each labelled (for a union's variants). */
function walkFields(node: Json, path: string, rows: ReferenceRow[], label: string): void {
  for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Json>)) if (isObj(v)) walk(v, `${path}.${k}`, rows, label);
}

/** Rows for every key of `schema`, paths prefixed with `root`. */
export function referenceRows(schema: z.ZodType, root: string): ReferenceRow[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  const rows: ReferenceRow[] = [];
  walk(json, "", rows);
  return rows.map((r) => ({ ...r, path: `${root}.${r.path}` }));
}

function cell(s: string): string {
  return s.replace(/\|/g, (m, i, all) => (all[i - 1] === "\\" ? m : "\\|")).replace(/\r?\n/g, " ");
}

export function renderTable(rows: readonly ReferenceRow[]): string {
  const lines = ["| Key | Type | Default | What it does |", "|---|---|---|---|"];
  for (const r of rows) lines.push(`| \`${r.path}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.description)} |`);
  return lines.join("\n");
}

/** docs/config-kubernetes.md. Imported lazily so this module stays cheap to load. */
export function renderKubernetesReference(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { kubernetesCostSchema, kubernetesSchema, modelKubernetesSchema } = require("../config/kubernetes") as typeof import("../config/kubernetes");
  return [
    "<!-- Generated by `npm run docs:config` from the zod schemas in config/kubernetes/ (their .describe() texts). Do not edit: a test compares it with the schemas. -->",
    "# Config reference: the Kubernetes path",
    "",
    "Set in `Pulumi.<stack>.yaml` under `config:`, or with `pulumi config set --path`, e.g.",
    "`pulumi config set --path 'llmstack:kubernetes.modelCache.accessMode' ReadWriteOnce`.",
    "Unknown keys are refused. `[]` marks the items of a list, `<name>` the keys of a map.",
    "Cross-field rules (GPU fit, scheduling, cache access modes, reachability of mirrors and proxies) are in",
    "`config/kubernetes/rules.ts`; the guide is [components/kubernetes/README.md](../components/kubernetes/README.md).",
    "",
    "## `llmstack:kubernetes`",
    "",
    renderTable(referenceRows(kubernetesSchema, "kubernetes")),
    "",
    "## `llmstack:models[].kubernetes`",
    "",
    "Where one model runs on Kubernetes. The model's own keys (`name`, `source`, `dtype`, `quantization`, `maxContextLength`) are shared with the SPCS path.",
    "",
    renderTable(referenceRows(modelKubernetesSchema, "models[].kubernetes")),
    "",
    "## `llmstack:cost.kubernetes`",
    "",
    "What the offline plan prices the Kubernetes path at (its \"GPUs and nodes\" section and the cost of GPU changes); `llmstack:cost.currency` and `creditPrice` are the SPCS keys.",
    "",
    renderTable(referenceRows(kubernetesCostSchema, "cost.kubernetes")),
    "",
  ].join("\n");
}

export const KUBERNETES_REFERENCE_FILE = join("docs", "config-kubernetes.md");

if (require.main === module) {
  const root = join(__dirname, "..", "..");
  writeFileSync(join(root, KUBERNETES_REFERENCE_FILE), renderKubernetesReference());
  process.stdout.write(`wrote ${KUBERNETES_REFERENCE_FILE}\n`);
}
