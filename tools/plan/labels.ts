/** Words and marks shared by the text and markdown renderings. */
import type { EntryAction } from "./diff";

export const ACTION_LABEL: Record<EntryAction, string> = {
  create: "create",
  delete: "delete",
  none: "no change",
  update: "update in place",
  "update-with-downtime": "update with downtime",
  replace: "replace",
  "provider-decides": "update (provider decides: may replace)",
};

export const ACTION_MARK: Record<EntryAction, string> = {
  create: "+",
  delete: "-",
  none: " ",
  update: "~",
  "update-with-downtime": "~!",
  replace: "+-",
  "provider-decides": "~?",
};

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Signed number for deltas. */
export function signed(n: number, digits = 2): string {
  const s = Math.abs(n) < 0.005 ? (0).toFixed(digits) : Math.abs(n).toFixed(digits);
  return `${n > 0.0000005 ? "+" : n < -0.0000005 ? "-" : "±"}${s}`;
}

/** A statement on one line: an inline spec (`$$…$$`) is summarised (the spec itself goes to --out). */
export function oneLineSql(sql: string): string {
  return sql.replace(/\$\$([\s\S]*?)\$\$/g, (_m, body: string) => `$$<spec: ${body.split("\n").filter(Boolean).length} lines, see specs/ with --out>$$`).replace(/\s*\n\s*/g, " ");
}
