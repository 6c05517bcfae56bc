/**
 * Classifies the change of one resource between a baseline and the current plan.
 *
 * `llmstack:spcs:*` resources go through `diffInputs` from `provider/diff.ts`: the very function the
 * provider's `diff` runs, so the plan and `pulumi up` cannot disagree. Other providers' resources are
 * classified only where {@link CERTAIN_RULES} (Snowflake) or kubernetesChanges.ts (Kubernetes) is
 * certain; the rest is "provider decides".
 */
import { diffInputs, UNKNOWN, type DiffAction } from "../../provider/diff";
import { spcsKindOf } from "../../provider/resources";
import { classifyKubernetesChange } from "./kubernetesChanges";
import { CERTAIN_RULES } from "./otherProviders";
import { cmp } from "./resources";

export type ChangeAction = DiffAction | "provider-decides";

/** Who decided the action. */
export type Certainty = "spcs-provider" | "verified-table" | "provider-decides";

export interface PropertyChange {
  /** `key`, `key.sub[0].leaf` */
  readonly path: string;
  readonly kind: "add" | "delete" | "update";
  readonly old?: unknown;
  readonly new?: unknown;
}

export interface Classification {
  readonly action: ChangeAction;
  readonly certainty: Certainty;
  /** Top-level input keys that changed. */
  readonly changedKeys: string[];
  /** The subset that replaces the object (certain). */
  readonly replaceKeys: string[];
  readonly reasons: string[];
  readonly consequences: string[];
  readonly changes: PropertyChange[];
}

/** Marker for a value that only exists after the apply (e.g. a replaced dependency's output). */
export const KNOWN_AFTER_APPLY = "(known after apply)";

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

const isPlain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Leaf-level differences, paths in Pulumi's detailedDiff form. */
export function propertyChanges(olds: Record<string, unknown>, news: Record<string, unknown>, limit = 50): PropertyChange[] {
  const out: PropertyChange[] = [];
  const key = (base: string, k: string) => (base ? (/^[A-Za-z_$][\w$]*$/.test(k) ? `${base}.${k}` : `${base}[${JSON.stringify(k)}]`) : k);
  const walk = (path: string, a: unknown, b: unknown) => {
    if (out.length >= limit || equal(a, b)) return;
    if (a === undefined) return void out.push({ path, kind: "add", new: b });
    if (b === undefined) return void out.push({ path, kind: "delete", old: a });
    if (isPlain(a) && isPlain(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp)) walk(key(path, k), a[k], b[k]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((x, i) => walk(`${path}[${i}]`, x, b[i]));
      return;
    }
    out.push({ path, kind: "update", old: a, new: b });
  };
  for (const k of [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort(cmp)) walk(k, olds[k], news[k]);
  return out;
}

/**
 * @param unknownKeys inputs that depend on a replaced resource: unknown until it exists again
 *   (what the engine hands the provider when it decides whether a dependent must be replaced too).
 */
export function classifyChange(type: string, olds: Record<string, unknown>, news: Record<string, unknown>, unknownKeys: readonly string[] = []): Classification {
  const unknown = new Set(unknownKeys);
  const newsForDiff = Object.fromEntries(Object.entries(news).map(([k, v]) => [k, unknown.has(k) ? UNKNOWN : v]));
  for (const k of unknown) if (!(k in newsForDiff)) newsForDiff[k] = UNKNOWN;
  const shown = Object.fromEntries(Object.entries(newsForDiff).map(([k, v]) => [k, v === UNKNOWN ? KNOWN_AFTER_APPLY : v]));
  const changes = propertyChanges(olds, shown);
  const changedTop = [...new Set(changes.map((c) => c.path.split(/[.[]/)[0]))].sort(cmp);

  const k8s = type.startsWith("kubernetes:") ? classifyKubernetesChange(type, olds, shown, changes) : undefined;
  if (k8s) return k8s;
  const kind = spcsKindOf(type);
  if (kind) {
    const d = diffInputs(kind, olds, newsForDiff);
    return {
      action: d.action,
      certainty: "spcs-provider",
      changedKeys: d.changedKeys,
      replaceKeys: d.replaceKeys,
      reasons: d.reasons,
      consequences: d.consequences,
      changes,
    };
  }
  if (changedTop.length === 0) return { action: "none", certainty: "verified-table", changedKeys: [], replaceKeys: [], reasons: [], consequences: [], changes: [] };
  const rule = CERTAIN_RULES[type];
  const replaceKeys = rule ? changedTop.filter((k) => rule.replace.includes(k)) : [];
  const updateKeys = rule ? changedTop.filter((k) => rule.update.includes(k)) : [];
  const open = changedTop.filter((k) => !replaceKeys.includes(k) && !updateKeys.includes(k));
  const reasons = [
    ...replaceKeys.map((k) => `${k}: forces a new object (ForceNew in ${rule!.source})`),
    ...updateKeys.map((k) => `${k}: altered in place (${rule!.source})`),
    ...open.map((k) => `${k}: the ${type.split(":")[0]} provider decides whether this is an update or a replacement`),
  ];
  const action: ChangeAction = replaceKeys.length ? "replace" : open.length ? "provider-decides" : "update";
  return {
    action,
    certainty: action === "provider-decides" ? "provider-decides" : "verified-table",
    changedKeys: changedTop,
    replaceKeys,
    reasons,
    consequences: [],
    changes,
  };
}
