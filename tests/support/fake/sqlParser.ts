/**
 * FAKE SNOWFLAKE: the SQL reader. Not a SQL engine: it tokenizes and reads exactly the statements
 * `provider/sql.ts` builds. Quoting follows https://docs.snowflake.com/en/sql-reference/identifiers-syntax
 * (bare identifiers resolve upper-case, quoted ones keep their case, `""` escapes `"`) and string
 * constants https://docs.snowflake.com/en/sql-reference/data-types-text (`'...'` with `''` and
 * backslash escapes, `$$...$$`). Syntax errors carry Snowflake's code 001003 / SQL state 42000, as
 * in "001003 (42000): SQL compilation error" (Snowflake-Labs/terraform-provider-snowflake@v1.2.1
 * pkg/resources/dynamic_table_acceptance_test.go, pkg/sdk/testint/grants_integration_test.go).
 */
import { syntaxError as err } from "./errors";

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

export type Tok =
  | { t: "qid"; v: string } // "quoted identifier"
  | { t: "word"; v: string } // bare word / identifier / keyword (as written)
  | { t: "str"; v: string } // 'string' or $$string$$
  | { t: "num"; v: number }
  | { t: "p"; v: string }; // punctuation

export function tokenize(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let v = "";
      i++;
      for (;;) {
        if (i >= sql.length) throw err("unterminated identifier");
        if (sql[i] === '"' && sql[i + 1] === '"') (v += '"'), (i += 2);
        else if (sql[i] === '"') {
          i++;
          break;
        } else v += sql[i++];
      }
      out.push({ t: "qid", v });
    } else if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= sql.length) throw err("unterminated string");
        if (sql[i] === "\\") (v += sql[i + 1]), (i += 2);
        else if (sql[i] === "'" && sql[i + 1] === "'") (v += "'"), (i += 2);
        else if (sql[i] === "'") {
          i++;
          break;
        } else v += sql[i++];
      }
      out.push({ t: "str", v });
    } else if (c === "$" && sql[i + 1] === "$") {
      const end = sql.indexOf("$$", i + 2);
      if (end < 0) throw err("unterminated $$ string");
      out.push({ t: "str", v: sql.slice(i + 2, end) });
      i = end + 2;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < sql.length && /[0-9]/.test(sql[j])) j++;
      out.push({ t: "num", v: Number(sql.slice(i, j)) });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      out.push({ t: "word", v: sql.slice(i, j) });
      i = j;
    } else if ("(),.=!/".includes(c)) {
      out.push({ t: "p", v: c });
      i++;
    } else {
      throw err(`syntax error at '${c}'`);
    }
  }
  return out;
}

export class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }
  isWord(...ws: string[]): boolean {
    return ws.every((w, o) => {
      const t = this.peek(o);
      return t?.t === "word" && t.v.toUpperCase() === w;
    });
  }
  word(w: string): void {
    const t = this.toks[this.i++];
    if (t?.t !== "word" || t.v.toUpperCase() !== w) throw err(`expected ${w}, got ${JSON.stringify(t)}`);
  }
  maybeWord(...ws: string[]): boolean {
    if (!this.isWord(...ws)) return false;
    this.i += ws.length;
    return true;
  }
  punct(p: string): void {
    const t = this.toks[this.i++];
    if (t?.t !== "p" || t.v !== p) throw err(`expected '${p}', got ${JSON.stringify(t)}`);
  }
  maybePunct(p: string): boolean {
    const t = this.peek();
    if (t?.t === "p" && t.v === p) {
      this.i++;
      return true;
    }
    return false;
  }
  /** One identifier; bare words resolve upper-case, quoted keep their case. */
  ident(): { name: string; quoted: boolean } {
    const t = this.toks[this.i++];
    if (t?.t === "qid") return { name: t.v, quoted: true };
    if (t?.t === "word") return { name: t.v.toUpperCase(), quoted: false };
    throw err(`expected identifier, got ${JSON.stringify(t)}`);
  }
  qualified(): { parts: string[]; quoted: boolean } {
    const first = this.ident();
    const parts = [first.name];
    let quoted = first.quoted;
    while (this.maybePunct(".")) {
      const n = this.ident();
      parts.push(n.name);
      quoted ||= n.quoted;
    }
    return { parts, quoted };
  }
  str(): string {
    const t = this.toks[this.i++];
    if (t?.t !== "str") throw err(`expected string, got ${JSON.stringify(t)}`);
    return t.v;
  }
  num(): number {
    const t = this.toks[this.i++];
    if (t?.t !== "num") throw err(`expected number, got ${JSON.stringify(t)}`);
    return t.v;
  }
  /** `KEY = value` pairs until the end or one of `stop`. */
  props(stop: string[] = []): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (!this.done() && !stop.some((s) => this.isWord(s)) && !(this.peek()?.t === "p" && (this.peek() as { v: string }).v === ")")) {
      const key = this.ident().name;
      this.punct("=");
      out[key] = this.value();
    }
    return out;
  }
  value(): unknown {
    const t = this.peek();
    if (!t) throw err("missing value");
    if (t.t === "num") return this.num();
    if (t.t === "str") return this.str();
    if (t.t === "p" && t.v === "(") {
      this.i++;
      const items: unknown[] = [];
      if (this.maybePunct(")")) return items;
      do {
        const inner = this.peek();
        if (inner?.t === "word" && this.peek(1)?.t === "p" && (this.peek(1) as { v: string }).v === "=") {
          items.push(this.props([]));
          break;
        }
        items.push(this.qualified().parts.join("."));
      } while (this.maybePunct(","));
      this.punct(")");
      return items;
    }
    if (t.t === "word" && (t.v.toUpperCase() === "TRUE" || t.v.toUpperCase() === "FALSE")) {
      this.i++;
      return t.v.toUpperCase() === "TRUE";
    }
    return this.qualified().parts.join(".");
  }
  /** A data type: words and an optional `(n[, m])`. */
  dataType(): string {
    let type = this.ident().name;
    if (this.isWord("PRECISION")) type += " " + this.ident().name;
    if (this.maybePunct("(")) {
      const nums = [this.num()];
      while (this.maybePunct(",")) nums.push(this.num());
      this.punct(")");
      type += `(${nums.join(", ")})`;
    }
    return type;
  }
}

