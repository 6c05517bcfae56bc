/**
 * How a Snowflake HOST_PORT network-rule entry matches a host: exact name, a leading `*.` wildcard that
 * covers one level below, or `0.0.0.0` (every host, ports 443/80); the port defaults to 443 and `:0`
 * means every port (docs.snowflake.com/en/sql-reference/sql/create-network-rule, VALUE_LIST).
 */

/** Does an egress `host[:port]` entry admit `host` on port 443? */
export function egressAllows(entry: string, host: string): boolean {
  const m = /^(.*?)(?::(\d+))?$/.exec(entry.trim().toLowerCase());
  const h = m?.[1] ?? "";
  const port = m?.[2] === undefined ? 443 : Number(m[2]);
  const target = host.toLowerCase();
  if (port !== 443 && port !== 0) return false;
  if (h === target || h === "0.0.0.0" || h === "*") return true;
  if (!h.startsWith("*.")) return false;
  const suffix = h.slice(1); // ".hf.co"
  return target.endsWith(suffix) && !target.slice(0, -suffix.length).includes(".") && target.length > suffix.length;
}
