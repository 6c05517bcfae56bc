/**
 * Validation of the whole stack config, with every problem listed at once: path (in the form
 * `pulumi config set --path` takes), the value found, what is wrong or allowed, and a hint.
 */
import { z } from "zod";
import { decideEnvironment } from "./environment";
import { checkKubernetesConfig } from "./kubernetes";
import { checkRenderable } from "./renderable";
import { checkStackConfig } from "./rules";
import { stackConfigSchema, type StackConfig } from "./schema";
import { SECRET_CONFIG_KEYS, secretPatternIn } from "./secrets";

export const CONFIG_NAMESPACE = "llmstack";

export interface ConfigIssue {
  /** e.g. `llmstack:models[0].snowflake.pool` */
  readonly path: string;
  readonly message: string;
  /** The value found at the path, when there is one. */
  readonly value?: unknown;
  readonly hint?: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = "ConfigError";
  }
}

// Cross-field rules run even when some fields are invalid (`when`), so one run lists every problem.
// They see the data with every invalid field removed (a bad value would otherwise reach their messages
// as "[object Object]" or "NaN"), and a rule that trips over a missing field is skipped, since that
// field's own issue already explains it.
// The render check builds the provider's inputs as the program would: only from a config with no
// problem left, or it would report the consequences of problems already listed.
const schema = stackConfigSchema
  .superRefine(
    (cfg, ctx) => {
      // In zod 4 the refinement context is the parse payload: its issues are the field-level ones so far.
      const invalid = (ctx as unknown as { issues: z.core.$ZodIssue[] }).issues;
      const data = invalid.length > 0 ? withoutInvalidFields(cfg, invalid) : cfg;
      for (const rules of [checkStackConfig, checkKubernetesConfig]) {
        try {
          rules(data, ctx);
        } catch {
          /* a field-level issue covers it */
        }
      }
    },
    { when: () => true },
  )
  .superRefine((cfg, ctx) => checkRenderable(cfg, ctx), { when: (payload) => payload.issues.length === 0 });

/** A copy of partly-parsed data without the fields that failed (list entries become holes, keeping indices). */
function withoutInvalidFields(cfg: StackConfig, issues: readonly z.core.$ZodIssue[]): StackConfig {
  const copy = structuredClone(cfg) as unknown as Record<PropertyKey, unknown>;
  for (const i of issues) {
    if (i.code === "unrecognized_keys" || i.path.length === 0) continue;
    let o: unknown = copy;
    for (const p of i.path.slice(0, -1)) o = o !== null && typeof o === "object" ? (o as Record<PropertyKey, unknown>)[p] : undefined;
    if (o !== null && typeof o === "object") delete (o as Record<PropertyKey, unknown>)[i.path[i.path.length - 1]];
  }
  return copy as unknown as StackConfig;
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return `${CONFIG_NAMESPACE}:*`;
  let out = `${CONFIG_NAMESPACE}:`;
  for (const [i, p] of path.entries()) {
    if (typeof p === "number") out += `[${p}]`;
    else out += i === 0 ? String(p) : `.${String(p)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    const obj = v as Record<PropertyKey, unknown>;
    // Record keys were upper-cased by the schema; find the key the user wrote.
    const key = typeof p === "string" && !(p in obj) ? Object.keys(obj).find((k) => k.toUpperCase() === p) ?? p : p;
    v = obj[key as keyof typeof obj];
  }
  return v;
}

/** Where the keys at `path` are documented: the references generated from the schema (tools/configReference.ts). */
function referenceFor(path: readonly PropertyKey[]): string {
  const kubernetes = path[0] === "kubernetes" || (path[0] === "models" && path[2] === "kubernetes") || (path[0] === "cost" && path[1] === "kubernetes");
  return `${kubernetes ? "docs/config-kubernetes.md" : "docs/config-reference.md"} (every key, generated from the schema)`;
}

function toIssue(raw: unknown, i: z.core.$ZodIssue): ConfigIssue[] {
  if (i.code === "invalid_key") {
    return i.issues.map((inner) => ({ path: formatPath(i.path), message: `key ${JSON.stringify(i.path.at(-1))} ${inner.message}` }));
  }
  if (i.code === "unrecognized_keys") {
    return i.keys.map((k) => ({
      path: formatPath([...i.path, k]),
      message: `unknown field ${JSON.stringify(k)}`,
      hint: k in SECRET_CONFIG_KEYS ? `secrets are separate keys: pulumi config set --secret ${CONFIG_NAMESPACE}:${k} …` : `check the spelling against ${referenceFor(i.path)}`,
    }));
  }
  if (i.code === "invalid_union") {
    // Report the branch that got furthest: the one with the fewest issues.
    const best = [...i.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    return best.flatMap((inner) => toIssue(raw, { ...inner, path: [...i.path, ...inner.path] } as z.core.$ZodIssue));
  }
  const found = valueAt(raw, i.path);
  // Never echo a credential back into logs, even in an error.
  const value = typeof found === "string" && secretPatternIn(found) ? "[redacted]" : found;
  const hint = (i as { params?: { hint?: string } }).params?.hint;
  return [{ path: formatPath(i.path), message: i.message, value, ...(hint ? { hint } : {}) }];
}

/** Plaintext credentials anywhere in the (non-secret) config are refused: they would sit in git and in state. */
function plaintextSecrets(raw: unknown, path: PropertyKey[] = []): ConfigIssue[] {
  if (typeof raw === "string") {
    const kind = secretPatternIn(raw);
    return kind
      ? [{ path: formatPath(path), message: `holds what looks like a ${kind} in plaintext`, hint: `remove it; keep secrets as Pulumi secrets (pulumi config set --secret ${CONFIG_NAMESPACE}:hfToken …) and reference them, e.g. through a container's secrets` }]
      : [];
  }
  if (Array.isArray(raw)) return raw.flatMap((v, i) => plaintextSecrets(v, [...path, i]));
  if (raw && typeof raw === "object") return Object.entries(raw).flatMap(([k, v]) => plaintextSecrets(v, [...path, k]));
  return [];
}

export type ValidationResult = { ok: true; config: StackConfig } | { ok: false; issues: ConfigIssue[] };

export interface ValidateOptions {
  /** The stack's name: decides the environment when `llmstack:environment` is not set (config/environment.ts). */
  readonly stackName?: string;
}

/**
 * Validate a raw stack config (the `llmstack:*` keys as an object, without the secret keys). The
 * environment is decided here, once, for the program and the plan alike.
 */
export function validateStackConfig(raw: unknown, opts: ValidateOptions = {}): ValidationResult {
  const leaked = plaintextSecrets(raw);
  const input = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? { ...raw, environment: decideEnvironment((raw as { environment?: unknown }).environment, opts.stackName) } : raw;
  const parsed = schema.safeParse(input);
  const issues = [...leaked, ...(parsed.success ? [] : parsed.error.issues.flatMap((i) => toIssue(raw, i)))];
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, config: parsed.data };
}

export function parseStackConfig(raw: unknown, opts: ValidateOptions = {}): StackConfig {
  const r = validateStackConfig(raw, opts);
  if (!r.ok) throw new ConfigError(r.issues);
  return r.config;
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  const lines = [`invalid stack config: ${issues.length} problem${issues.length === 1 ? "" : "s"}`];
  for (const i of issues) {
    const got = i.value === undefined ? "" : ` (got ${JSON.stringify(i.value)})`;
    lines.push(`  - ${i.path}: ${i.message}${got}`);
    if (i.hint) lines.push(`      hint: ${i.hint}`);
  }
  return lines.join("\n");
}
