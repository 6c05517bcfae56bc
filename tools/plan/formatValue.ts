/** Compact, deterministic rendering of input values; secrets never leave as anything but `[secret]`. */
import { isSecretValue, SECRET_MARK } from "../mockRun";
import { cmp } from "./resources";

export function formatValue(v: unknown, depth = 0): string {
  if (isSecretValue(v) || v === SECRET_MARK) return SECRET_MARK;
  if (v === undefined) return "undefined";
  if (typeof v === "string") return /^[\w./:@$-]+$/.test(v) && v.length > 0 ? v : JSON.stringify(v);
  if (typeof v !== "object" || v === null) return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, depth + 1)).join(", ")}]`;
  if (depth > 1) return "{…}";
  const entries = Object.entries(v)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => cmp(a, b));
  return `{${entries.map(([k, x]) => `${k}: ${formatValue(x, depth + 1)}`).join(", ")}}`;
}

/** At most `max` characters, with an ellipsis. */
export function clip(s: string, max = 160): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
