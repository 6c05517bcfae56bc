/** Security policies: least privilege. */
import type { PackContext } from "../context";
import {
  ConfigLocator,
  define,
  displayName,
  isObject,
  known,
  list,
  normalizeName,
  PRIVILEGED_ROLES,
  settings,
  TYPES,
  upper,
  type LlmstackPolicy,
} from "../util";

const stringList = (description: string, def: string[] = []) => ({ type: "array" as const, items: { type: "string" as const }, default: def, description });

interface PublicGrantsConfig {
  allowPublicGrants?: boolean;
}

export function noPublicGrants(ctx: PackContext): LlmstackPolicy {
  const configSchema = {
    properties: {
      allowPublicGrants: { type: "boolean" as const, description: "Allow privileges on platform objects to be granted to PUBLIC. Default: llmstack:snowflake.allowPublicGrants (false)." },
    },
  };
  return define("security", {
    name: "snowflake-no-public-grants",
    description:
      "No platform privilege is granted to PUBLIC unless the config allows it; no role and no ownership is ever granted to PUBLIC. (Service roles: see spcs-endpoint-access.)",
    severity: "high",
    configSchema,
    validateResource: (args, report) => {
      const p = args.props;
      const allow = settings<PublicGrantsConfig>(configSchema, args.getConfig()).allowPublicGrants ?? ctx.stack?.snowflake?.allowPublicGrants ?? false;
      if (args.type === TYPES.GrantPrivilegesToAccountRole && upper(known(() => p.accountRoleName)) === "PUBLIC" && !allow) {
        report(
          `grant ${args.name} gives ${describePrivileges(p)} on ${describeTarget(p)} to PUBLIC: every user of the account gets it. ` +
            `Fix: name the roles instead (e.g. in llmstack:models[].snowflake.function.grantUsageTo), or set llmstack:snowflake.allowPublicGrants: true on purpose.`,
        );
      } else if (args.type === TYPES.GrantAccountRole && upper(known(() => p.parentRoleName)) === "PUBLIC") {
        report(`grant ${args.name} grants role ${known(() => p.roleName)} to PUBLIC: every user of the account inherits it. Fix: remove PUBLIC from llmstack:snowflake.role.grantToRoles.`);
      } else if (args.type === TYPES.GrantOwnership && upper(known(() => p.accountRoleName)) === "PUBLIC") {
        report(`grant ${args.name} transfers ownership to PUBLIC. Fix: grant ownership to a named role.`);
      }
    },
  });
}

/** Account objects (`SHOW OBJECTS` outside databases): owning one is an account-level power. */
const ACCOUNT_OBJECT_TYPES = new Set([
  "COMPUTE POOL", "DATABASE", "WAREHOUSE", "INTEGRATION", "ROLE", "USER", "RESOURCE MONITOR", "NETWORK POLICY",
  "EXTERNAL VOLUME", "FAILOVER GROUP", "REPLICATION GROUP", "CONNECTION", "APPLICATION", "APPLICATION PACKAGE",
]);
/** Roles that make their holder an administrator. */
const ADMIN_ROLES = new Set([...PRIVILEGED_ROLES, "SYSADMIN", "USERADMIN"]);

function describePrivileges(p: Record<string, unknown>): string {
  return known(() => p.allPrivileges) === true ? "ALL PRIVILEGES" : list(known(() => p.privileges)).map(String).join(", ") || "privileges";
}

function describeTarget(p: Record<string, unknown>): string {
  const on = (k: string) => known(() => p[k]);
  if (on("onAccount") === true) return "the account";
  const ao = on("onAccountObject");
  if (isObject(ao)) return `${ao.objectType} ${ao.objectName}`;
  const so = on("onSchemaObject");
  if (isObject(so)) return so.objectName ? `${so.objectType} ${so.objectName}` : "schema objects";
  const sc = on("onSchema");
  if (isObject(sc)) return `schema ${sc.schemaName ?? sc.allSchemasInDatabase ?? sc.futureSchemasInDatabase}`;
  return "an object";
}

interface LeastPrivilegeConfig {
  runtimeRoles?: string[];
  allowedOwnership: string[];
  allowedAccountPrivileges: string[];
}

export function runtimeRoleLeastPrivilege(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      runtimeRoles: {
        type: "array" as const,
        items: { type: "string" as const },
        description: "The runtime (platform) roles. Default: llmstack:snowflake.role.name; every grantee when the stack config cannot be read.",
      },
      allowedOwnership: stringList("Account objects the runtime role may own or hold ALL PRIVILEGES on: an object type (\"WAREHOUSE\") or TYPE:NAME (\"DATABASE:LLM_DEV\")."),
      allowedAccountPrivileges: stringList("Account-level privileges the runtime role may hold.", ["BIND SERVICE ENDPOINT"]),
    },
  };
  return define("security", {
    name: "snowflake-runtime-role-least-privilege",
    description:
      "The runtime role gets no OWNERSHIP or ALL PRIVILEGES on account objects beyond the configured ones, no account-level privilege beyond BIND SERVICE ENDPOINT, no grant option and no admin role.",
    severity: "high",
    configSchema,
    validateResource: (args, report) => {
      const relevant = [TYPES.GrantPrivilegesToAccountRole, TYPES.GrantOwnership, TYPES.GrantAccountRole] as string[];
      if (!relevant.includes(args.type)) return;
      const cfg = settings<LeastPrivilegeConfig>(configSchema, args.getConfig());
      const runtime = (cfg.runtimeRoles ?? (where.runtimeRole() ? [where.runtimeRole()!] : undefined))?.map(upper);
      const isRuntime = (role: string) => role !== "" && role !== "PUBLIC" && (runtime ? runtime.includes(role) : !ADMIN_ROLES.has(role));
      const ownershipAllowed = (type: string, name: string) =>
        cfg.allowedOwnership.map(upper).some((a) => a === type || a === `${type}:${normalizeName(name)}`);
      const p = args.props;
      const roleField = "llmstack:snowflake.role";

      if (args.type === TYPES.GrantAccountRole) {
        const role = upper(known(() => p.roleName));
        const parent = upper(known(() => p.parentRoleName));
        if (ADMIN_ROLES.has(role) && isRuntime(parent)) {
          report(`grant ${args.name} makes runtime role ${parent} inherit ${role}. Fix: grant the runtime role only the privileges it needs; never an admin role.`);
        }
        return;
      }
      const grantee = upper(known(() => p.accountRoleName));
      if (!isRuntime(grantee)) return;

      if (args.type === TYPES.GrantOwnership) {
        const on = known(() => p.on);
        const type = isObject(on) ? upper(on.objectType) : "";
        const name = isObject(on) ? String(on.objectName ?? "") : "";
        if (ACCOUNT_OBJECT_TYPES.has(type) && !ownershipAllowed(type, name)) {
          report(
            `grant ${args.name} transfers ownership of ${type} ${name} to runtime role ${grantee}: it could drop or re-grant an account object. ` +
              `Fix: grant the specific privileges it needs (e.g. USAGE), or allow it on purpose in this policy's allowedOwnership.`,
          );
        }
        return;
      }

      // GrantPrivilegesToAccountRole
      const privileges = list(known(() => p.privileges)).map(upper);
      const all = known(() => p.allPrivileges) === true || privileges.includes("ALL") || privileges.includes("ALL PRIVILEGES");
      if (known(() => p.withGrantOption) === true) {
        report(`grant ${args.name} gives runtime role ${grantee} ${describePrivileges(p)} on ${describeTarget(p)} WITH GRANT OPTION: it could pass them on. Fix: grant without the grant option.`);
      }
      if (known(() => p.onAccount) === true) {
        const allowed = cfg.allowedAccountPrivileges.map(upper);
        const extra = all ? ["ALL PRIVILEGES"] : privileges.filter((x) => !allowed.includes(x));
        if (extra.length > 0) {
          report(
            `grant ${args.name} gives runtime role ${grantee} account-level ${extra.join(", ")}: ACCOUNTADMIN-class power at runtime. ` +
              `Fix: let the admin role (${ctx.stack?.snowflake?.adminRole ?? "llmstack:snowflake.adminRole"}) create account objects at deploy time; the runtime role needs only ${allowed.join(", ") || "nothing"} on the account.`,
          );
        }
        return;
      }
      const ao = known(() => p.onAccountObject);
      if (isObject(ao)) {
        const type = upper(ao.objectType);
        const name = String(ao.objectName ?? "");
        if ((all || privileges.includes("OWNERSHIP")) && !ownershipAllowed(type, name)) {
          report(
            `grant ${args.name} gives runtime role ${grantee} ${all ? "ALL PRIVILEGES" : "OWNERSHIP"} on ${type} ${name}. ` +
              `Fix: grant only what it uses (USAGE, MONITOR, OPERATE), or allow it on purpose in this policy's allowedOwnership (the runtime role is ${roleField}.name).`,
          );
        }
      }
    },
  });
}

interface AdminOwnedConfig {
  adminRoles: string[];
}

/** Objects owned by whoever creates them, whose owner's power is used at runtime. */
const RUNTIME_OBJECT_TYPES: readonly string[] = [TYPES.Service, TYPES.JobService, TYPES.ServiceFunction, TYPES.ImageRepository, TYPES.ServiceRoleGrant];

export function runtimeObjectsNotAdminOwned(ctx: PackContext): LlmstackPolicy {
  const configSchema = {
    properties: {
      adminRoles: stringList("Roles that must not own runtime objects, besides ACCOUNTADMIN, SECURITYADMIN, ORGADMIN and llmstack:snowflake.adminRole."),
    },
  };
  return define("security", {
    name: "spcs-runtime-objects-not-admin-owned",
    description:
      "Services, job services, service functions and image repositories are created by the platform role, not an admin role: the owner role's power is what the containers' session token carries at runtime.",
    severity: "critical",
    configSchema,
    validateResource: (args, report) => {
      if (!RUNTIME_OBJECT_TYPES.includes(args.type)) return;
      const role = upper(known(() => args.provider?.props.role));
      if (role === "") return; // default provider or no role: the connection's default role, not visible here
      const cfg = settings<AdminOwnedConfig>(configSchema, args.getConfig());
      const admin = new Set([...PRIVILEGED_ROLES, ...cfg.adminRoles.map(upper), ...(ctx.stack?.snowflake ? [ctx.stack.snowflake.adminRole] : [])]);
      if (!admin.has(role)) return;
      const what = args.type.split(":").pop();
      report(
        `${what} ${displayName(args.props, args.name)} is created with role ${role} (provider ${args.provider?.name}), so ${role} owns it` +
          `${args.type === TYPES.Service || args.type === TYPES.JobService ? " and its containers' session token (/snowflake/session/token) carries " + role : ""}. ` +
          `Fix: create it with the platform role's provider (llmstack:snowflake.role.name); keep ${role} for compute pools, integrations and account grants.`,
      );
    },
  });
}
