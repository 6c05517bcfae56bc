/**
 * `spcs.sql`: the SQL the SPCS provider runs to create the stack, in dependency order (wave by
 * wave), built by the provider's own builders in `provider/sql.ts`.
 *
 * Objects of other providers are shown as SQL COMMENTS, labelled indicative: @pulumi/snowflake (the
 * bridged Terraform provider) runs its own statements, which may differ in form. Docker images and
 * Kubernetes objects are not SQL. Secrets appear only as `[secret]`.
 */
import { SECRET_MARK } from "../mockRun";
import { renderSpecification } from "../../provider/spec";
import { spcsKindOf } from "../../provider/resources";
import {
  computePoolSql,
  externalAccessIntegrationSql,
  imageRepositorySql,
  jobServiceSql,
  quoteIdent,
  serviceFunctionSql,
  serviceRoleGrantSql,
  serviceSql,
  stringLiteral,
} from "../../provider/sql";
import type { PlanDocument } from "./json";
import type { PlanResource } from "./resources";

type Inputs = Record<string, any>;

/** The statements our provider runs to create one SPCS object. */
export function spcsCreateSql(r: PlanResource): string[] {
  const p = r.inputs as Inputs;
  switch (spcsKindOf(r.type)) {
    case "ComputePool":
      return [computePoolSql.create(p as any)];
    case "ImageRepository":
      return [imageRepositorySql.create(p as any)];
    case "ExternalAccessIntegration":
      return [externalAccessIntegrationSql.create(p as any)];
    case "Service":
      return [serviceSql.create(p as any, renderSpecification(p.specification))];
    case "JobService":
      return [jobServiceSql.execute(p as any, renderSpecification(p.specification))];
    case "ServiceFunction":
      return [serviceFunctionSql.create(p as any)];
    case "ServiceRoleGrant":
      return [serviceRoleGrantSql.grant(p as any)];
    default:
      return [];
  }
}

const id = (v: unknown) => quoteIdent(String(v));
const lit = (v: unknown) => (v === SECRET_MARK ? `'${SECRET_MARK}'` : stringLiteral(String(v)));
const list = (v: unknown) => `(${(Array.isArray(v) ? v : []).map(lit).join(", ")})`;
const fq = (...parts: unknown[]) => parts.map(id).join(".");

/**
 * A boolean input as @pulumi/snowflake's provider reads it: a real boolean, or one of the provider's
 * boolean strings `"true"` / `"false"` / `"default"` (Snowflake-Labs/terraform-provider-snowflake
 * v1.2.1, pkg/resources: `booleanStringToBool` accepts only "true" and "false"; `BooleanDefault`
 * ("default", also what an unset value becomes) is never sent, so Snowflake's own default applies).
 * Returns the SQL literal, or undefined when the provider sends nothing. Anything else is refused:
 * the provider would refuse it too, and a guess could show the opposite of the real setting.
 */
export function providerBool(v: unknown, property: string): "TRUE" | "FALSE" | undefined {
  if (v === undefined || v === "default") return undefined;
  if (v === true || v === "true") return "TRUE";
  if (v === false || v === "false") return "FALSE";
  throw new Error(`${property}: ${JSON.stringify(v)} is not a boolean the provider accepts ("true", "false" or "default")`);
}

/** `KEY = TRUE|FALSE`, or nothing when the provider sends nothing. */
function boolClause(key: string, v: unknown, property: string): string {
  const b = providerBool(v, property);
  return b === undefined ? "" : `${key} = ${b}`;
}

/** A list the provider sends only when non-empty (`d.GetOk` is false for an empty set). */
function listClause(key: string, v: unknown): string {
  return Array.isArray(v) && v.length > 0 ? `${key} = ${list(v)}` : "";
}

/** What @pulumi/snowflake would run, roughly: for reading, not for running. */
export function indicativeSql(r: PlanResource): string | undefined {
  const p = r.inputs as Inputs;
  switch (r.type) {
    case "snowflake:index/accountRole:AccountRole":
      return `CREATE ROLE ${id(p.name)}`;
    case "snowflake:index/database:Database":
      return `CREATE DATABASE ${id(p.name)}`;
    case "snowflake:index/schema:Schema":
      return `CREATE SCHEMA ${fq(p.database, p.name)}`;
    case "snowflake:index/warehouse:Warehouse":
      return [
        `CREATE WAREHOUSE ${id(p.name)}`,
        p.warehouseSize !== undefined ? `WAREHOUSE_SIZE = ${p.warehouseSize}` : "",
        p.autoSuspend !== undefined ? `AUTO_SUSPEND = ${Number(p.autoSuspend)}` : "",
        boolClause("AUTO_RESUME", p.autoResume, "autoResume"),
        boolClause("INITIALLY_SUSPENDED", p.initiallySuspended, "initiallySuspended"),
      ]
        .filter(Boolean)
        .join(" ");
    case "snowflake:index/stage:Stage":
      return [`CREATE STAGE ${fq(p.database, p.schema, p.name)}`, p.directory ? `DIRECTORY = (${p.directory})` : "", p.encryption ? `ENCRYPTION = (${p.encryption})` : ""].filter(Boolean).join(" ");
    case "snowflake:index/networkRule:NetworkRule":
      return `CREATE NETWORK RULE ${fq(p.database, p.schema, p.name)} MODE = ${p.mode} TYPE = ${p.type} VALUE_LIST = ${list(p.valueLists)}`;
    case "snowflake:index/grantAccountRole:GrantAccountRole":
      return `GRANT ROLE ${id(p.roleName)} TO ${p.userName ? `USER ${id(p.userName)}` : `ROLE ${id(p.parentRoleName)}`}`;
    case "snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole": {
      const privs = providerBool(p.allPrivileges, "allPrivileges") === "TRUE" ? "ALL PRIVILEGES" : (p.privileges ?? []).join(", ");
      let on = "";
      if (providerBool(p.onAccount, "onAccount") === "TRUE") on = "ACCOUNT";
      else if (p.onAccountObject) on = `${p.onAccountObject.objectType} ${id(p.onAccountObject.objectName)}`;
      else if (p.onSchema) on = `SCHEMA ${p.onSchema.schemaName ?? `ALL SCHEMAS IN DATABASE ${p.onSchema.allSchemasInDatabase}`}`;
      else if (p.onSchemaObject) on = `${p.onSchemaObject.objectType} ${p.onSchemaObject.objectName}`;
      return `GRANT ${privs} ON ${on} TO ROLE ${id(p.accountRoleName)}${providerBool(p.withGrantOption, "withGrantOption") === "TRUE" ? " WITH GRANT OPTION" : ""}`;
    }
    case "snowflake:index/oauthIntegrationForCustomClients:OauthIntegrationForCustomClients":
      return [
        `CREATE SECURITY INTEGRATION ${id(p.name)} TYPE = OAUTH OAUTH_CLIENT = CUSTOM`,
        `OAUTH_CLIENT_TYPE = ${lit(p.oauthClientType)}`,
        `OAUTH_REDIRECT_URI = ${lit(p.oauthRedirectUri)}`,
        boolClause("ENABLED", p.enabled, "enabled"),
        boolClause("OAUTH_ALLOW_NON_TLS_REDIRECT_URI", p.oauthAllowNonTlsRedirectUri, "oauthAllowNonTlsRedirectUri"),
        boolClause("OAUTH_ISSUE_REFRESH_TOKENS", p.oauthIssueRefreshTokens, "oauthIssueRefreshTokens"),
        p.oauthRefreshTokenValidity !== undefined ? `OAUTH_REFRESH_TOKEN_VALIDITY = ${Number(p.oauthRefreshTokenValidity)}` : "",
        boolClause("OAUTH_ENFORCE_PKCE", p.oauthEnforcePkce, "oauthEnforcePkce"),
        p.oauthUseSecondaryRoles !== undefined ? `OAUTH_USE_SECONDARY_ROLES = ${p.oauthUseSecondaryRoles}` : "",
        listClause("BLOCKED_ROLES_LIST", p.blockedRolesLists),
        listClause("PRE_AUTHORIZED_ROLES_LIST", p.preAuthorizedRolesLists),
      ]
        .filter(Boolean)
        .join(" ");
    case "snowflake:index/secretWithGenericString:SecretWithGenericString":
      return `CREATE SECRET ${fq(p.database, p.schema, p.name)} TYPE = GENERIC_STRING SECRET_STRING = '${SECRET_MARK}'`;
    default:
      return undefined;
  }
}

function roleOf(r: PlanResource, byUrn: Map<string, PlanResource>): string | undefined {
  if (!r.provider) return undefined;
  const p = byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
  return typeof p?.inputs.role === "string" ? p.inputs.role : undefined;
}

export function renderSqlScript(doc: PlanDocument): string {
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  const out: string[] = [
    `-- llmstack offline plan of stack ${doc.stack}: the SQL the SPCS provider (llmstack:spcs:*) runs to`,
    "-- create this stack, in dependency order, wave by wave (objects in one wave do not depend on each other).",
    "-- Built by provider/sql.ts, the builders the provider itself calls.",
    "-- Lines starting with '-- indicative:' belong to other providers (@pulumi/snowflake runs its own SQL,",
    "-- which may differ in form); they are comments, for reading only. Secrets appear only as [secret].",
    "",
  ];
  doc.applyOrder.waves.forEach((wave, i) => {
    out.push(`-- ===== wave ${i + 1} =====`);
    for (const urn of wave) {
      const r = byUrn.get(urn)!;
      const role = roleOf(r, byUrn);
      const who = `${r.type} ${r.name}${role ? `, as role ${role}` : ""}`;
      if (spcsKindOf(r.type)) {
        out.push(`-- ${who}`);
        try {
          for (const s of spcsCreateSql(r)) out.push(`${s};`);
        } catch (e) {
          out.push(`-- cannot render: ${(e as Error).message}`);
        }
      } else {
        let sql: string | undefined;
        try {
          sql = indicativeSql(r);
        } catch (e) {
          out.push(`-- ${who}`, `-- cannot render: ${(e as Error).message}`, "");
          continue;
        }
        if (sql) out.push(`-- ${who}`, `-- indicative: ${sql};`);
        else if (r.type === "docker-build:index:Image") out.push(`-- ${who}: image build/push (not SQL): ${((r.inputs.tags as string[] | undefined) ?? []).join(", ")}`);
        else if (r.type === "docker:index/remoteImage:RemoteImage") out.push(`-- ${who}: docker pull (not SQL): ${String(r.inputs.name)}`);
        else if (r.type === "docker:index/tag:Tag") out.push(`-- ${who}: docker tag (not SQL): ${String(r.inputs.targetImage)}`);
        else if (r.type === "docker:index/registryImage:RegistryImage") out.push(`-- ${who}: docker push (not SQL): ${String(r.inputs.name)}`);
        else out.push(`-- ${who}: created by its provider (not SQL)`);
      }
      out.push("");
    }
  });
  return out.join("\n");
}
