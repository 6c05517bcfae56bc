/**
 * Reading SHOW/DESC rows: columns come back lower-case (client.ts), values typed as snowflake-sdk
 * converts them (TIMESTAMP as Date, BOOLEAN as boolean, text as string). Pure helpers.
 */
import type { Row } from "./client";

export type Props = Record<string, any>;

export const up = (v: unknown) => (v === undefined || v === null ? "" : String(v).toUpperCase());

export function str(row: Row | undefined, col: string): string | undefined {
  const v = row?.[col];
  if (v === undefined || v === null || v === "") return undefined;
  return v instanceof Date ? v.toISOString() : String(v);
}
export function num(row: Row | undefined, col: string): number | undefined {
  const v = row?.[col];
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
export function bool(row: Row | undefined, col: string): boolean | undefined {
  const v = row?.[col];
  if (typeof v === "boolean") return v;
  if (v === undefined || v === null) return undefined;
  const s = String(v).toLowerCase();
  return s === "true" || s === "y" ? true : s === "false" || s === "n" ? false : undefined;
}
/**
 * A list column (`["A","B"]`, `[A, B]` or `A,B`). Returns undefined unless every element is a
 * plain identifier or `DB.SCHEMA.NAME`, so an unexpected format never invents drift.
 */
export function identList(row: Row | undefined, col: string): string[] | undefined {
  const v = row?.[col];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String);
  const text = String(v).trim().replace(/^\[|\]$/g, "");
  if (text === "") return [];
  const items = text.split(",").map((s) => s.trim().replace(/^["']|["']$/g, ""));
  return items.every((i) => /^[A-Z0-9_$]+(\.[A-Z0-9_$]+){0,2}$/.test(i)) ? items : undefined;
}
/** Drops `undefined` (protobuf Structs cannot hold it). */
export function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clean) as T;
  if (v !== null && typeof v === "object") {
    const out: Props = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clean(x);
    return out as T;
  }
  return v;
}
/** Structural equality with scalars compared as text (YAML `1` and `"1"` are the same to Snowflake). */
export function looselyEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => looselyEqual(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => looselyEqual((a as Props)[k], (b as Props)[k]));
  }
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  return String(a) === String(b);
}
