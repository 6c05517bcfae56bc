/**
 * FAKE SNOWFLAKE: service role grants (https://docs.snowflake.com/en/sql-reference/sql/grant-service-role,
 * …/revoke-service-role). Every service has the service role ALL_ENDPOINTS_USAGE plus the spec's
 * `serviceRoles`; names are case-insensitive (working-with-services; tutorial 5).
 *
 * `SHOW GRANTS OF SERVICE ROLE` is NOT documented on a Snowflake page (review U2): its columns here
 * (`role`, `granted_to`, `grantee_name`) mirror third-party code and the provider's assumption.
 */
import type { Row } from "../../../provider/client";
import { notFound } from "./errors";
import { ok, parts, type Catalog, type Statements } from "./catalog";
import type { Parser } from "./sqlParser";

function serviceRole(p: Parser): [string, string] {
  const svc = parts(p).join(".");
  p.punct("!");
  return [svc, p.ident().name];
}

function grantOrRevoke(cat: Catalog, p: Parser, grant: boolean): Row[] {
  const [svc, role] = serviceRole(p);
  p.word(grant ? "TO" : "FROM");
  p.word("ROLE");
  const to = p.ident().name;
  const s = cat.services.get(svc);
  if (!s) throw notFound("Service", svc);
  const roles = ["ALL_ENDPOINTS_USAGE", ...(s.spec?.serviceRoles ?? []).map((r: { name: string }) => r.name.toUpperCase())];
  if (!roles.includes(role)) throw notFound("Service role", `${svc}!${role}`);
  const key = `${svc}!${role}>${to}`;
  if (grant) cat.grants.add(key);
  else cat.grants.delete(key);
  return ok();
}

function showGrantsOf(cat: Catalog, p: Parser): Row[] {
  const [svc, role] = serviceRole(p);
  if (!cat.services.has(svc)) throw notFound("Service", svc);
  return [...cat.grants].filter((g) => g.startsWith(`${svc}!${role}>`)).map((g) => ({ role: `${svc}!${role}`, granted_to: "ROLE", grantee_name: g.split(">")[1] }));
}

export const grantStatements: Statements = [
  [["GRANT", "SERVICE", "ROLE"], (cat, p) => grantOrRevoke(cat, p, true)],
  [["REVOKE", "SERVICE", "ROLE"], (cat, p) => grantOrRevoke(cat, p, false)],
  [["SHOW", "GRANTS", "OF", "SERVICE", "ROLE"], showGrantsOf],
];
