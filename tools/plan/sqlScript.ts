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
const bool = (v: unknown) => (v ? "TRUE" : "FALSE");
const list = (v: unknown) => `(${(Array.isArray(v) ? v : []).map(lit).join(", ")})`;
const fq = (...parts: unknown[]) => parts.map(id).join(".");

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
        p.autoResume !== undefined ? `AUTO_RESUME = ${bool(p.autoResume === true || p.autoResume === "true")}` : "",
        p.initiallySuspended !== undefined ? `INITIALLY_SUSPENDED = ${bool(p.initiallySuspended)}` : "",
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
      const privs = p.allPrivileges ? "ALL PRIVILEGES" : (p.privileges ?? []).join(", ");
      let on = "";
      if (p.onAccount) on = "ACCOUNT";
      else if (p.onAccountObject) on = `${p.onAccountObject.objectType} ${id(p.onAccountObject.objectName)}`;
      else if (p.onSchema) on = `SCHEMA ${p.onSchema.schemaName ?? `ALL SCHEMAS IN DATABASE ${p.onSchema.allSchemasInDatabase}`}`;
      else if (p.onSchemaObject) on = `${p.onSchemaObject.objectType} ${p.onSchemaObject.objectName}`;
      return `GRANT ${privs} ON ${on} TO ROLE ${id(p.accountRoleName)}${p.withGrantOption ? " WITH GRANT OPTION" : ""}`;
    }
    case "snowflake:index/oauthIntegrationForCustomClients:OauthIntegrationForCustomClients":
      return [
        `CREATE SECURITY INTEGRATION ${id(p.name)} TYPE = OAUTH OAUTH_CLIENT = CUSTOM`,
        `OAUTH_CLIENT_TYPE = ${lit(p.oauthClientType)}`,
        `OAUTH_REDIRECT_URI = ${lit(p.oauthRedirectUri)}`,
        p.enabled !== undefined ? `ENABLED = ${bool(p.enabled)}` : "",
        p.oauthIssueRefreshTokens !== undefined ? `OAUTH_ISSUE_REFRESH_TOKENS = ${bool(p.oauthIssueRefreshTokens)}` : "",
        p.oauthRefreshTokenValidity !== undefined ? `OAUTH_REFRESH_TOKEN_VALIDITY = ${Number(p.oauthRefreshTokenValidity)}` : "",
        p.oauthEnforcePkce !== undefined ? `OAUTH_ENFORCE_PKCE = ${bool(p.oauthEnforcePkce)}` : "",
        p.blockedRolesLists ? `BLOCKED_ROLES_LIST = ${list(p.blockedRolesLists)}` : "",
        p.preAuthorizedRolesLists?.length ? `PRE_AUTHORIZED_ROLES_LIST = ${list(p.preAuthorizedRolesLists)}` : "",
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
        const sql = indicativeSql(r);
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
