/** Shared zod building blocks for the stack config: identifiers, host:port, secrets kept out. */
import { z } from "zod";
import { SqlBuildError } from "../provider/sql";
import { httpsUrlProblem } from "../validators/url";

/**
 * A zod refinement from a shared rule that returns what is wrong (or undefined): the config and the
 * builder that later writes the value call the same function.
 */
export function rule<T>(problem: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx): void => {
    const p = problem(value);
    if (p !== undefined) ctx.addIssue({ code: "custom", message: p, input: value });
  };
}

/**
 * A rule from a SQL builder of provider/sql.ts: the value is refused exactly when the builder that
 * puts it into a statement would throw.
 */
export function sqlRule<T>(build: (value: T) => unknown) {
  return rule<T>((value) => {
    try {
      build(value);
      return undefined;
    } catch (e) {
      if (e instanceof SqlBuildError) return e.message;
      throw e;
    }
  });
}

/**
 * A Snowflake unquoted identifier (https://docs.snowflake.com/en/sql-reference/identifiers-syntax):
 * starts with a letter or `_`, then letters, digits, `_` or `$`; at most 255 characters. Snowflake
 * stores unquoted identifiers upper-case, so we do too, and compare names upper-case everywhere.
 */
export const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_$]{0,254}$/;

export const identifier = z
  .string()
  .regex(IDENTIFIER_RE, {
    error: "must be a Snowflake identifier: a letter or _ first, then letters, digits, _ or $ (no spaces, dots, dashes or quotes)",
  })
  .transform((s) => s.toUpperCase());

export const identifierList = z.array(identifier);

/**
 * A map keyed by Snowflake identifiers (`computePools`, `egress`, …). Keys are upper-cased like the
 * names they become, so `GPU_S` and `gpu_s` would silently overwrite each other: refused instead,
 * naming the second key.
 */
export function identifierRecord<T extends z.ZodType>(value: T) {
  return z.preprocess((raw, ctx) => {
    if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
      const seen = new Map<string, string>();
      for (const key of Object.keys(raw)) {
        const first = seen.get(key.toUpperCase());
        if (first === undefined) seen.set(key.toUpperCase(), key);
        else {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `key ${JSON.stringify(key)} names the same object as ${JSON.stringify(first)}: Snowflake identifiers ignore case, so one would silently replace the other`,
            params: { hint: `merge the two entries under one key` },
          });
        }
      }
    }
    return raw;
  }, z.record(identifier, value));
}

const HOST_RE = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\*$|^(\d{1,3}\.){3}\d{1,3}$/;

export interface HostPort {
  host: string;
  /** 0 = every port (Snowflake `host:0`). */
  port: number;
}

/**
 * One `VALUE_LIST` entry of a HOST_PORT network rule: `host[:port]`, port 443 when omitted
 * (https://docs.snowflake.com/en/sql-reference/sql/create-network-rule). Wildcards are valid
 * Snowflake and so are accepted here; the policy pack decides whether they are allowed.
 */
export const hostPort = z.string().transform((raw, ctx): string => {
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(raw.trim());
  const port = m?.[2] === undefined ? 443 : Number(m[2]);
  if (!m || !HOST_RE.test(m[1]) || port > 65535) {
    ctx.addIssue({
      code: "custom",
      message: "must be host[:port], e.g. huggingface.co:443 (port 0..65535, default 443; a leading *. wildcard covers one level)",
      input: raw,
    });
    return z.NEVER;
  }
  return `${m[1].toLowerCase()}:${port}`;
});

export function parseHostPort(value: string): HostPort {
  const i = value.lastIndexOf(":");
  return { host: value.slice(0, i), port: Number(value.slice(i + 1)) };
}

/** Seconds a Snowflake object waits idle before it suspends; 0 = never. */
export const suspendSecs = z.number().int().min(0);

export const positiveInt = z.number().int().min(1);

/** An https URL without credentials or whitespace (validators/url.ts). */
export const httpsUrl = z.string().superRefine(rule(httpsUrlProblem));

/**
 * A Hugging Face revision: a branch, tag or commit sha, i.e. a git ref name. Rules from
 * git-check-ref-format (https://git-scm.com/docs/git-check-ref-format): no control characters,
 * spaces or any of `~ ^ : ? * [ \`, no `..` or `@{`, no component starting with `.` or ending with
 * `.lock`, not starting or ending with `/`, not ending with `.`, not `@`.
 */
export const gitRevision = z.string().superRefine(
  rule((r: string) => {
    // eslint-disable-next-line no-control-regex
    const bad = r.length === 0 || r === "@" || /[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$/.test(r) || r.split("/").some((c) => c.startsWith(".") || c.endsWith(".lock"));
    return bad ? "must be a branch, tag or commit sha (a git ref name: no spaces, control characters, ~ ^ : ? * [ \\, .. or @{)" : undefined;
  }),
);
