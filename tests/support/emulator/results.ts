/**
 * SNOWFLAKE EMULATOR: a result set in the JSON form the Node driver reads
 * (snowflake-sdk 3.3.0 dist/lib/connection/result/result.js `Result`: `data.rowtype`, `data.rowset`,
 * `data.total`, `data.returned`, `data.queryId`, `data.parameters`; column conversion in
 * dist/lib/connection/result/column.js). Values travel as strings, typed by `rowtype`:
 * - `fixed` / `real`: decimal text → `Number` (`convertRawNumber`);
 * - `boolean`: "1"/"0"/"TRUE"/"FALSE" → boolean (`convertRawBoolean`);
 * - `timestamp_ltz`: "<epoch seconds>.<fraction>" with `scale` fraction digits → a Date
 *   (`convertRawTimestampLtz`, `convertRawTimestampHelper`), in the session TIMEZONE parameter;
 * - `variant`: JSON text → parsed value (`convertRawVariant`);
 * - `text`: as is; NULL is JSON null.
 * The column's type comes from the fake's JS value, which is typed like the real SHOW/DESC column.
 */
import type { Row } from "../../../provider/client";

export interface RowType {
  name: string;
  type: "fixed" | "real" | "text" | "boolean" | "timestamp_ltz" | "variant";
  nullable: boolean;
  scale: number | null;
  precision: number | null;
  length: number | null;
  byteLength: number | null;
}

const TIMESTAMP_SCALE = 9;

function typeOf(values: unknown[]): RowType["type"] {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return "text";
  if (present.every((v) => v instanceof Date)) return "timestamp_ltz";
  if (present.every((v) => typeof v === "boolean")) return "boolean";
  if (present.every((v) => typeof v === "number" && Number.isInteger(v))) return "fixed";
  if (present.every((v) => typeof v === "number")) return "real";
  if (present.every((v) => typeof v === "object")) return "variant";
  return "text";
}

function encode(v: unknown, type: RowType["type"]): string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case "timestamp_ltz": {
      const ms = (v as Date).getTime();
      const secs = Math.floor(ms / 1000);
      const frac = String((ms - secs * 1000) * 1_000_000).padStart(TIMESTAMP_SCALE, "0");
      return `${secs}.${frac}`;
    }
    case "boolean":
      return v ? "1" : "0";
    case "variant":
      return JSON.stringify(v);
    default:
      return String(v);
  }
}

/** Columns in first-seen order across rows, typed; rows as string arrays. */
export function resultSet(rows: Row[]): { rowtype: RowType[]; rowset: (string | null)[][] } {
  const names: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const rowtype: RowType[] = names.map((name) => {
    const type = typeOf(rows.map((r) => r[name]));
    return {
      name,
      type,
      nullable: true,
      scale: type === "fixed" ? 0 : type === "timestamp_ltz" ? TIMESTAMP_SCALE : null,
      precision: type === "fixed" ? 38 : type === "timestamp_ltz" ? 0 : null,
      length: type === "text" ? 16777216 : null,
      byteLength: type === "text" ? 16777216 : null,
    };
  });
  return { rowtype, rowset: rows.map((r) => rowtype.map((c) => encode(r[c.name], c.type))) };
}

/** Session parameters every result carries: the timestamp conversion reads TIMEZONE. */
export const RESULT_PARAMETERS = [
  { name: "TIMEZONE", value: "UTC" },
  { name: "TIMESTAMP_OUTPUT_FORMAT", value: "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM" },
  { name: "TIMESTAMP_LTZ_OUTPUT_FORMAT", value: "" },
];
