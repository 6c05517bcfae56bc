/** Shared zod building blocks for the stack config: identifiers, host:port, secrets kept out. */
import { z } from "zod";

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

export const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https:// URL" });
