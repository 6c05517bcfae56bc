/**
 * A small lexer for the SQL our builders write, to check that no value escapes its quoting. Lexical
 * rules: single-quoted strings with `''` and backslash escapes, and dollar-quoted `$$…$$` strings
 * without escapes (https://docs.snowflake.com/en/sql-reference/data-types-text, "String constants");
 * double-quoted identifiers with `""` (https://docs.snowflake.com/en/sql-reference/identifiers-syntax);
 * `--` and `//` line comments and block comments, which Snowflake all accepts (Snowflake's own
 * SnowConvert docs, "Ambiguous Comments Validation", and the worksheet's `//` comment shortcut).
 */

export interface LexedSql {
  /** The text outside quotes and comments, each quoted run replaced by a placeholder `Q`. */
  readonly code: string;
  /** Decoded contents of the quoted runs, in order. */
  readonly quoted: { readonly kind: "string" | "dollar" | "identifier"; readonly text: string }[];
  /** Comment texts. */
  readonly comments: string[];
  /** Set when a quote or comment never ends. */
  readonly error?: string;
}

export function lexSql(sql: string): LexedSql {
  let code = "";
  const quoted: { kind: "string" | "dollar" | "identifier"; text: string }[] = [];
  const comments: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const two = sql.slice(i, i + 2);
    if (two === "--" || two === "//") {
      const end = sql.indexOf("\n", i);
      comments.push(sql.slice(i, end < 0 ? sql.length : end));
      i = end < 0 ? sql.length : end;
    } else if (two === "/*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) return { code, quoted, comments, error: "unterminated block comment" };
      comments.push(sql.slice(i, end + 2));
      i = end + 2;
    } else if (two === "$$") {
      const end = sql.indexOf("$$", i + 2);
      if (end < 0) return { code, quoted, comments, error: "unterminated $$ string" };
      quoted.push({ kind: "dollar", text: sql.slice(i + 2, end) });
      code += "Q";
      i = end + 2;
    } else if (c === "'") {
      let text = "";
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) return { code, quoted, comments, error: "unterminated string literal" };
        if (sql[j] === "\\") {
          text += sql[j + 1] ?? "";
          j += 2;
        } else if (sql[j] === "'" && sql[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (sql[j] === "'") break;
        else text += sql[j++];
      }
      quoted.push({ kind: "string", text });
      code += "Q";
      i = j + 1;
    } else if (c === '"') {
      let text = "";
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) return { code, quoted, comments, error: "unterminated quoted identifier" };
        if (sql[j] === '"' && sql[j + 1] === '"') {
          text += '"';
          j += 2;
        } else if (sql[j] === '"') break;
        else text += sql[j++];
      }
      quoted.push({ kind: "identifier", text });
      code += "Q";
      i = j + 1;
    } else {
      code += c;
      i++;
    }
  }
  return { code, quoted, comments };
}

/**
 * What the builders write outside quotes: keywords, bare validated identifiers (letters, digits, `_`,
 * `$`), numbers, and `= ( ) , . !`. Anything else there (`;` inside a statement, a line break, a
 * quote that closed early) means some value escaped its quoting.
 */
export const BUILDER_CODE = /^[A-Za-z0-9_$ =(),.!]*$/;
