/**
 * The config reference, generated from the zod schemas' own descriptions (`.describe()`), so it cannot
 * drift from what validation accepts: `npm run docs:config` rewrites docs/config-kubernetes.md (the
 * Kubernetes path) and docs/config-reference.md (every other `llmstack:*` key), and tests fail when a
 * committed file differs from what this renders.
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
  if (Array.isArray(variants)) return [...new Set(variants.map(typeOf))].join(" \\| ");
  if (node.type === "array") return `list of ${isObj(node.items) ? typeOf(node.items) : "any"}`;
  if (node.type === "object") return isObj(node.additionalProperties) ? `map of ${typeOf(node.additionalProperties)}` : "object";
  if (node.type === "integer") return "integer";
  return typeof node.type === "string" ? node.type : "any";
}

function isJsonLiteral(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function defaultOf(node: Json, described: string | undefined): string {
  if (node.default === undefined) {
    // zod leaves out the defaults of transforming schemas (identifiers): the `@default` text holds them.
    if (described === undefined) return "—";
    return isJsonLiteral(described) ? `\`${described}\`` : described;
  }
  const isEmptyObject = isObj(node.default) && Object.keys(node.default).length === 0;
  // A section that defaults to {} fills every field with its own default: the text says it better.
  if (isEmptyObject && described && !isJsonLiteral(described)) return described;
  const json = JSON.stringify(node.default);
  const value = `\`${json}\``;
  if (!described) return value;
  // The schema's value always shows, as code: alone when the description only spells it out, leading
  // the description's words when they start with it, else followed by them (in their words when they
  // hold it elsewhere, as "… the catalog's pin (vllm/vllm-openai:v…)").
  const bare = (t: string): string => t.replace(/[`"'\s[\]{}]/g, "");
  if (bare(described) === bare(json)) return value;
  if (described.startsWith(json)) return `${value}${described.slice(json.length)}`;
  return bare(described).includes(bare(json)) ? described : `${value} (${described})`;
}

interface Walk {
  readonly rows: ReferenceRow[];
  /** Paths whose keys are documented elsewhere: their row stays, their children are not walked. */
  readonly elsewhere: ReadonlyMap<string, string>;
}

/**
 * One row per key. `required`: the parent lists the key as required (input side), so it has no
 * default; a map's `<name>` entry is neither required nor defaulted ("—"). An optional key with no
 * default in the schema nor an `@default` text also gets "—", which the test refuses.
 */
function walk(node: Json, path: string, w: Walk, label = "", required = false): void {
  const [text, described] = splitDefault(node.description as string | undefined);
  const see = w.elsewhere.get(path);
  const dflt = required && node.default === undefined && described === undefined ? "required" : defaultOf(node, described);
  if (path) w.rows.push({ path, type: typeOf(node), default: dflt, description: `${label}${text}${see ? ` Its keys: ${see}.` : ""}` });
  if (see) return;
  if (isObj(node.properties)) walkFields(node, path, w, "");
  walkVariants(node, path, w);
  if (node.type === "object" && isObj(node.additionalProperties) && isObj(node.additionalProperties.properties)) walk(node.additionalProperties, `${path}.<name>`, w);
  if (node.type === "array" && isObj(node.items)) {
    const items = node.items;
    if (isObj(items.properties)) walkFields(items, `${path}[]`, w, "");
    walkVariants(items, `${path}[]`, w);
  }
}

/** The fields of a union's object variants, labelled with the variant's tag (a `const` field) when it has one. */
function walkVariants(node: Json, path: string, w: Walk): void {
  for (const v of (node.oneOf ?? node.anyOf ?? []) as Json[]) {
    if (!isObj(v) || !isObj(v.properties)) continue;
    const tag = Object.entries(v.properties as Record<string, Json>).find(([, p]) => p.const !== undefined);
    walkFields(v, path, w, tag ? `(${tag[0]}: ${JSON.stringify(tag[1].const)}) ` : "");
  }
}

/** The fields of an object node, each labelled (for a union's variants). */
function walkFields(node: Json, path: string, w: Walk, label: string): void {
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Json>)) if (isObj(v)) walk(v, path ? `${path}.${k}` : k, w, label, required.has(k));
}

/**
 * Rows for every key of `schema`, paths prefixed with `root` (none when empty). `seeElsewhere` maps a
 * path (relative to the schema) to where its keys are documented; its children get no rows here.
 */
export function referenceRows(schema: z.ZodType, root: string, seeElsewhere: Record<string, string> = {}): ReferenceRow[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  const w: Walk = { rows: [], elsewhere: new Map(Object.entries(seeElsewhere)) };
  walk(json, "", w);
  return root ? w.rows.map((r) => ({ ...r, path: `${root}.${r.path}` })) : w.rows;
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
export const STACK_REFERENCE_FILE = join("docs", "config-reference.md");

/** Where the keys documented in docs/config-kubernetes.md are, relative to the stack schema. */
const KUBERNETES_KEYS = "[config-kubernetes.md](config-kubernetes.md)";
export const STACK_SEE_ELSEWHERE = { kubernetes: KUBERNETES_KEYS, "models[].kubernetes": KUBERNETES_KEYS, "cost.kubernetes": KUBERNETES_KEYS };

const STACK_SECTIONS: readonly [key: string, intro: string][] = [
  ["environment", ""],
  ["snowflake", "The SPCS platform; omit it for a Kubernetes-only stack. `<name>` keys are Snowflake identifiers (upper-cased unless quoted)."],
  ["models", "Each model is served on `snowflake`, `kubernetes`, or both; the model's own keys are shared by both paths."],
  ["images", ""],
  ["cost", ""],
];

/** docs/config-reference.md: every `llmstack:*` key of config/schema.ts but the Kubernetes path's. */
export function renderStackReference(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stackConfigSchema } = require("../config/schema") as typeof import("../config/schema");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SECRET_CONFIG_KEYS } = require("../config/secrets") as typeof import("../config/secrets");
  const rows = referenceRows(stackConfigSchema, "", STACK_SEE_ELSEWHERE);
  const lines = [
    "<!-- Generated by `npm run docs:config` from the zod schema in config/schema.ts (its .describe() texts). Do not edit: a test compares it with the schema. -->",
    "# Config reference: the stack",
    "",
    "Set in `Pulumi.<stack>.yaml` under `config:`, or with `pulumi config set --path`, e.g.",
    "`pulumi config set --path 'llmstack:snowflake.computePools.GPU_S.minNodes' 1`.",
    "Unknown keys are refused. `[]` marks the items of a list, `<name>` the keys of a map.",
    "Cross-field rules (pools and families, GPU fit, egress, batch limits) are in `config/rules.ts`;",
    "the Kubernetes path's keys are in [config-kubernetes.md](config-kubernetes.md); the guide is the [README](../README.md#writing-a-stack-config).",
    "",
  ];
  for (const [key, intro] of STACK_SECTIONS) {
    lines.push(`## \`llmstack:${key}\``, "");
    if (intro) lines.push(intro, "");
    lines.push(renderTable(rows.filter((r) => r.path === key || r.path.startsWith(`${key}.`) || r.path.startsWith(`${key}[]`))), "");
  }
  lines.push("## Secrets", "", "Separate keys, set only with `pulumi config set --secret llmstack:<key> …`; a plaintext value is refused.", "");
  lines.push("| Key | What it is |", "|---|---|");
  for (const [k, what] of Object.entries(SECRET_CONFIG_KEYS)) lines.push(`| \`${k}\` | ${cell(what)} |`);
  lines.push("");
  return lines.join("\n");
}

if (require.main === module) {
  const root = join(__dirname, "..", "..");
  writeFileSync(join(root, KUBERNETES_REFERENCE_FILE), renderKubernetesReference());
  writeFileSync(join(root, STACK_REFERENCE_FILE), renderStackReference());
  process.stdout.write(`wrote ${KUBERNETES_REFERENCE_FILE} and ${STACK_REFERENCE_FILE}\n`);
}
