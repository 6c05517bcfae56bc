/**
 * Security policies: egress, OAuth clients, who reaches endpoints, plaintext secrets, least
 * privilege, runtime ownership and pinned images. Each reads the inputs of the @pulumi/snowflake
 * resources, our `llmstack:spcs:*` resources (provider/resources.ts) or Kubernetes objects.
 */
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { findPlaintextSecrets } from "../provider/spec";
import { isSecretValue } from "../tools/mockRun";
import type { PackContext } from "./context";
import {
  credentialFlags,
  hasDigest,
  plaintextCredential,
  podContainers,
  podSpecOf,
  publicEndpoints,
  specContainers,
  unpinnedReason,
  WORKLOAD_TYPES,
} from "./facts";
import {
  ConfigLocator,
  define,
  displayName,
  flag,
  isObject,
  known,
  list,
  normalizeName,
  PRIVILEGED_ROLES,
  qualifiedName,
  resourcesOfType,
  settings,
  TYPES,
  upper,
  type LlmstackPolicy,
} from "./util";

const stringList = (description: string, def: string[] = []) => ({ type: "array" as const, items: { type: "string" as const }, default: def, description });

// ---------------------------------------------------------------------------------------------
// Egress

interface EgressConfig {
  allowedEntries: string[];
}

/** Why a HOST_PORT value opens more than one named host on one port, or undefined. */
export function egressProblem(entry: string): string | undefined {
  const m = /^(.*?)(?::(\d+))?$/.exec(entry.trim());
  const host = (m?.[1] ?? "").toLowerCase();
  const port = m?.[2] === undefined ? 443 : Number(m[2]);
  if (host === "0.0.0.0" || host.startsWith("0.0.0.0/")) return "0.0.0.0 opens every host";
  if (host.includes("*")) return host === "*" ? "* opens every host" : `${host} is a wildcard (every host one level below)`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return `${host} is an IP address, not a named host`;
  if (port === 0) return "port 0 opens every port";
  return undefined;
}

function egressNoWildcards(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      allowedEntries: stringList("VALUE_LIST entries exempted on purpose, exactly as written (e.g. \"*.example.com:443\")."),
    },
  };
  return define("security", {
    name: "snowflake-egress-no-wildcards",
    description: "Egress network rules name every host and port: no 0.0.0.0, no * wildcards, no IP literals, no port 0 (all ports).",
    severity: "critical",
    configSchema,
    validateResource: (args, report) => {
      if (args.type !== TYPES.NetworkRule) return;
      const p = args.props;
      const mode = upper(known(() => p.mode));
      const type = upper(known(() => p.type));
      if (mode !== "EGRESS" && type !== "HOST_PORT" && type !== "PRIVATE_HOST_PORT") return;
      const cfg = settings<EgressConfig>(configSchema, args.getConfig());
      const allowed = new Set(cfg.allowedEntries.map((e) => e.trim().toLowerCase()));
      const values = list(known(() => p.valueLists)).filter((v): v is string => typeof v === "string");
      const bad = values.filter((v) => !allowed.has(v.trim().toLowerCase())).map((v) => ({ v, why: egressProblem(v) })).filter((x) => x.why);
      if (bad.length === 0) return;
      const name = displayName(p, args.name);
      report(
        `network rule ${name} allows egress beyond named hosts: ${bad.map((b) => `'${b.v}' (${b.why})`).join(", ")}. ` +
          `Fix: list each host:port the services need (e.g. huggingface.co:443) in ${where.egress(name)}, ` +
          `or exempt an entry on purpose in this policy's allowedEntries.`,
      );
    },
  });
}

// ---------------------------------------------------------------------------------------------
// OAuth clients

interface BlockedRolesConfig {
  privilegedRolesBlockedByAccount: boolean;
  requiredBlockedRoles: string[];
}

function oauthBlockedRoles(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      privilegedRolesBlockedByAccount: {
        type: "boolean" as const,
        default: true,
        description:
          "The account keeps OAUTH_ADD_PRIVILEGED_ROLES_TO_BLOCKED_LIST = TRUE (Snowflake's default), so ACCOUNTADMIN, SECURITYADMIN and ORGADMIN are blocked without being listed. Set false if the account turned it off: then they must be listed.",
      },
      requiredBlockedRoles: stringList("Further roles every OAuth client must block (e.g. SYSADMIN)."),
    },
  };
  return define("security", {
    name: "snowflake-oauth-blocked-roles",
    description: "OAuth clients block the admin roles (ACCOUNTADMIN, SECURITYADMIN, ORGADMIN and any configured role) and pre-authorize none of them.",
    severity: "critical",
    configSchema,
    validateResource: (args, report) => {
      if (args.type !== TYPES.OauthIntegrationForCustomClients) return;
      const cfg = settings<BlockedRolesConfig>(configSchema, args.getConfig());
      const p = args.props;
      const blocked = new Set(list(known(() => p.blockedRolesLists)).map(upper));
      const preAuthorized = list(known(() => p.preAuthorizedRolesLists)).map(upper);
      // Listing them explicitly is harmless but makes the provider report a permanent diff, so absence is fine by default.
      const required = [...(cfg.privilegedRolesBlockedByAccount ? [] : PRIVILEGED_ROLES), ...cfg.requiredBlockedRoles.map(upper)];
      const missing = required.filter((r) => !blocked.has(r));
      const dangerous = preAuthorized.filter((r) => (PRIVILEGED_ROLES as readonly string[]).includes(r) || required.includes(r));
      const name = displayName(p, args.name);
      if (missing.length > 0) {
        report(
          `OAuth integration ${name} does not block ${missing.join(", ")}: a token issued to it could act as that role. ` +
            `Fix: add ${missing.join(", ")} to ${where.oauthClient(name)}.blockedRoles.`,
        );
      }
      if (dangerous.length > 0) {
        report(
          `OAuth integration ${name} pre-authorizes ${dangerous.join(", ")}: users consent to an admin role without being asked. ` +
            `Fix: remove them from ${where.oauthClient(name)}.preAuthorizedRoles.`,
        );
      }
    },
  });
}

/** Snowflake's refresh-token validity when OAUTH_REFRESH_TOKEN_VALIDITY is not set (90 days). */
export const SNOWFLAKE_DEFAULT_REFRESH_TOKEN_VALIDITY_SECS = 7776000;

function oauthRefreshTokenValidity(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      maxRefreshTokenValiditySecs: { type: "integer" as const, minimum: 3600, default: 86400, description: "Longest OAUTH_REFRESH_TOKEN_VALIDITY allowed, seconds." },
    },
  };
  return define("security", {
    name: "snowflake-oauth-refresh-token-validity",
    description: "OAuth clients that issue refresh tokens keep their validity within a configured maximum (Snowflake's default is 90 days).",
    severity: "high",
    configSchema,
    validateResource: (args, report) => {
      if (args.type !== TYPES.OauthIntegrationForCustomClients) return;
      const { maxRefreshTokenValiditySecs: max } = settings<{ maxRefreshTokenValiditySecs: number }>(configSchema, args.getConfig());
      const p = args.props;
      if (flag(known(() => p.oauthIssueRefreshTokens)) === false) return;
      const raw = known(() => p.oauthRefreshTokenValidity);
      const validity = typeof raw === "number" ? raw : SNOWFLAKE_DEFAULT_REFRESH_TOKEN_VALIDITY_SECS;
      if (validity <= max) return;
      const name = displayName(p, args.name);
      report(
        `OAuth integration ${name} issues refresh tokens valid for ${validity} s${typeof raw === "number" ? "" : " (Snowflake's default, not set)"}, above the ${max} s allowed. ` +
          `Fix: set ${where.oauthClient(name)}.refreshTokenValiditySecs to at most ${max}.`,
      );
    },
  });
}

function oauthHttpsRedirect(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  return define("security", {
    name: "snowflake-oauth-https-redirect",
    description: "OAuth redirect URIs are https, and non-TLS redirect URIs are not allowed.",
    severity: "high",
    validateResource: (args, report) => {
      if (args.type !== TYPES.OauthIntegrationForCustomClients) return;
      const p = args.props;
      const uri = known(() => p.oauthRedirectUri);
      const name = displayName(p, args.name);
      if (typeof uri === "string" && !/^https:\/\/[^/]/i.test(uri)) {
        report(`OAuth integration ${name} redirects to ${uri}, not an https:// URL: authorization codes would travel in clear text. Fix: set ${where.oauthClient(name)}.redirectUri to an https:// URL.`);
      }
      if (flag(known(() => p.oauthAllowNonTlsRedirectUri)) === true) {
        report(`OAuth integration ${name} sets OAUTH_ALLOW_NON_TLS_REDIRECT_URI = TRUE. Fix: remove it; redirect URIs must be https.`);
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Who reaches service endpoints

interface EndpointAccessConfig {
  publicServices?: string[];
  allowPublicGrantsOfPrivateEndpoints?: boolean;
}

function endpointAccess(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      publicServices: {
        type: "array" as const,
        items: { type: "string" as const },
        description:
          "Services (names) allowed to have public endpoints. Default: those the stack config marks public (models[].snowflake.endpoint.public, snowflake.services.*.endpoints[].public); no check when the pack cannot read the stack config.",
      },
      allowPublicGrantsOfPrivateEndpoints: {
        type: "boolean" as const,
        description: "Allow granting a service role of a service without public endpoints to PUBLIC. Default: llmstack:snowflake.allowPublicGrants.",
      },
    },
  };
  const declaredPublic = (): string[] | undefined => {
    const s = ctx.stack;
    if (!s) return undefined;
    return [
      ...s.models.filter((m) => m.snowflake?.endpoint.public).map((m) => `${m.name.toUpperCase()}_SERVICE`),
      ...Object.entries(s.snowflake?.services ?? {}).filter(([, v]) => v.endpoints.some((e) => e.public)).map(([k]) => k.toUpperCase()),
    ];
  };
  return define("security", {
    name: "spcs-endpoint-access",
    description:
      "Service endpoints are private unless the stack config marks them public; a public endpoint is reachable only by named roles (its service role granted to them, never to PUBLIC).",
    severity: "critical",
    configSchema,
    validateStack: (args, report) => {
      const cfg = settings<EndpointAccessConfig>(configSchema, args.getConfig());
      const allowedPublic = (cfg.publicServices ?? declaredPublic())?.map(upper);
      const allowPrivateToPublic = cfg.allowPublicGrantsOfPrivateEndpoints ?? ctx.stack?.snowflake?.allowPublicGrants ?? false;
      const grants = resourcesOfType(args.resources, TYPES.ServiceRoleGrant)
        .map((g) => ({ g, service: normalizeName(known(() => g.props.service)), to: upper(known(() => g.props.toRole)) }))
        .filter((x) => x.service !== "");
      const services = new Map<string, { r: PolicyResource; publicEndpoints: string[] }>();
      for (const r of resourcesOfType(args.resources, TYPES.Service)) {
        const spec = known(() => r.props.specification);
        services.set(qualifiedName(r.props), { r, publicEndpoints: known(() => publicEndpoints(spec)) ?? [] });
      }
      for (const [fqn, { r, publicEndpoints: pub }] of services) {
        const shortName = fqn.split(".").pop()!;
        const fix = where.service(fqn);
        const mine = grants.filter((x) => x.service === fqn);
        if (pub.length > 0) {
          if (allowedPublic && !allowedPublic.includes(shortName) && !allowedPublic.includes(fqn)) {
            report(
              `service ${fqn} has public endpoint(s) ${pub.join(", ")} that the stack config does not mark public. Fix: make them private, or set ${fix}.endpoint.public: true (or list the service in this policy's publicServices).`,
              r.urn,
            );
          }
          if (!mine.some((x) => x.to !== "PUBLIC")) {
            report(`service ${fqn} has public endpoint(s) ${pub.join(", ")} but grants its service role to no named role. Fix: set ${fix}.endpoint.allowedRoles.`, r.urn);
          }
        }
        for (const x of mine.filter((m) => m.to === "PUBLIC")) {
          if (pub.length > 0) {
            report(
              `service role ${x.g.props.serviceRole} of ${fqn} is granted to PUBLIC while endpoint(s) ${pub.join(", ")} are public: every user of the account can call them from the internet. Fix: remove PUBLIC from ${fix}.endpoint.allowedRoles and name the roles that need access.`,
              x.g.urn,
            );
          } else if (!allowPrivateToPublic) {
            report(
              `service role ${x.g.props.serviceRole} of ${fqn} is granted to PUBLIC. Fix: remove PUBLIC from ${fix}.endpoint.allowedRoles (or set llmstack:snowflake.allowPublicGrants: true on purpose).`,
              x.g.urn,
            );
          }
        }
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Plaintext secrets

const SECRET_FIX_SPCS = "keep it in a Snowflake secret (llmstack:hfToken etc. with `pulumi config set --secret`) and pass it with containers[].secrets";
const SECRET_FIX_K8S = "put it in a Kubernetes Secret created from a Pulumi secret and use env[].valueFrom.secretKeyRef";

function spcsSecretFindings(spec: unknown): string[] {
  if (isSecretValue(spec)) return ["the whole specification is a Pulumi secret: a secret was rendered into the spec text, which Snowflake stores in plain text"];
  const found = findPlaintextSecrets(spec).map((i) => `${i.path}: ${i.message.split(";")[0]}`);
  const reported = new Set(findPlaintextSecrets(spec).map((i) => i.path));
  specContainers(spec).forEach((c, ci) => {
    for (const [name, value] of Object.entries(c.env)) {
      const path = `spec.containers[${ci}].env.${name}`;
      if (reported.has(path)) continue;
      if (isSecretValue(value)) found.push(`${path}: a Pulumi secret inlined into the spec`);
    }
    for (const [field, args] of [["command", c.command], ["args", c.args]] as const) {
      for (const f of credentialFlags(args)) {
        const path = `spec.containers[${ci}].${field}[${f.index}]`;
        if (!reported.has(path)) found.push(`${path}: ${f.reason}`);
      }
    }
  });
  return found;
}

function k8sSecretFindings(type: string, props: Record<string, unknown>): string[] {
  const found: string[] = [];
  if (type === TYPES.ConfigMap) {
    const data = props.data;
    if (isObject(data)) {
      for (const [k, v] of Object.entries(data)) {
        const why = plaintextCredential(k.replace(/[.-]/g, "_"), v);
        if (why) found.push(`data.${k}: ${why}`);
      }
    }
    return found;
  }
  const pod = podSpecOf(type, props);
  if (!pod) return found;
  for (const { c, path } of podContainers(pod)) {
    list(c.env).forEach((e, i) => {
      if (!isObject(e) || typeof e.name !== "string" || e.value === undefined) return;
      const why = plaintextCredential(e.name, e.value);
      if (why) found.push(`${path}.env[${i}] (${e.name}): ${why}`);
    });
    for (const field of ["command", "args"] as const) {
      for (const f of credentialFlags(list(c[field]))) found.push(`${path}.${field}[${f.index}]: ${f.reason}`);
    }
  }
  return found;
}

function noPlaintextSecrets(ctx: PackContext): LlmstackPolicy {
  void ctx;
  return define("security", {
    name: "no-plaintext-secrets",
    description:
      "No credential in plain text: SPCS spec env/command/args, service function inputs, Kubernetes container env/args and ConfigMaps carry no token, password or key (hf_…, PATs, private keys, credential-named literals).",
    severity: "critical",
    validateResource: (args, report) => {
      const p = args.props;
      const name = displayName(p, args.name);
      let findings: string[] = [];
      let fix = SECRET_FIX_SPCS;
      if (args.type === TYPES.Service || args.type === TYPES.JobService) {
        findings = spcsSecretFindings(known(() => p.specification));
      } else if (args.type === TYPES.ServiceFunction) {
        // A function has no env, but any literal (comment, path, headers) ends up in its DDL.
        findings = Object.entries(p).flatMap(([k, v]) => {
          const why = typeof v === "string" || isSecretValue(v) ? plaintextCredential("", v) : undefined;
          return why ? [`${k}: ${why}`] : [];
        });
      } else if (WORKLOAD_TYPES.includes(args.type) || args.type === TYPES.ConfigMap) {
        findings = k8sSecretFindings(args.type, p);
        fix = SECRET_FIX_K8S;
      } else {
        return;
      }
      if (findings.length > 0) report(`${args.type.split(":").pop()} ${name} carries credentials in plain text: ${findings.join("; ")}. Fix: ${fix}.`);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Least privilege

interface PublicGrantsConfig {
  allowPublicGrants?: boolean;
}

function noPublicGrants(ctx: PackContext): LlmstackPolicy {
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

function runtimeRoleLeastPrivilege(ctx: PackContext): LlmstackPolicy {
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

function runtimeObjectsNotAdminOwned(ctx: PackContext): LlmstackPolicy {
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

// ---------------------------------------------------------------------------------------------
// Images

interface ImagesConfig {
  requireDigest: boolean;
}

function imagesPinned(ctx: PackContext): LlmstackPolicy {
  void ctx;
  const configSchema = {
    properties: { requireDigest: { type: "boolean" as const, default: false, description: "Require @sha256 digests, not only version tags." } },
  };
  return define("release", {
    name: "images-pinned",
    description: "Container images are pinned: a version tag (not latest, not untagged) or a digest. Off in dev stacks by default.",
    severity: "medium",
    configSchema,
    validateResource: (args: ResourceValidationArgs, report) => {
      const { requireDigest } = settings<ImagesConfig>(configSchema, args.getConfig());
      let images: { where: string; image: string }[] = [];
      if (args.type === TYPES.Service || args.type === TYPES.JobService) {
        images = specContainers(known(() => args.props.specification)).flatMap((c) => (c.image ? [{ where: `container ${c.name}`, image: c.image }] : []));
      } else if (WORKLOAD_TYPES.includes(args.type)) {
        const pod = podSpecOf(args.type, args.props);
        images = pod ? podContainers(pod).flatMap((c) => (typeof c.c.image === "string" ? [{ where: `container ${c.name}`, image: c.c.image }] : [])) : [];
      } else {
        return;
      }
      const bad = images
        .map((i) => ({ ...i, why: unpinnedReason(i.image) ?? (requireDigest && !hasDigest(i.image) ? "has no @sha256 digest" : undefined) }))
        .filter((i) => i.why);
      if (bad.length === 0) return;
      report(
        `${args.type.split(":").pop()} ${displayName(args.props, args.name)}: ${bad.map((b) => `${b.where} image ${b.image} ${b.why}`).join("; ")}. ` +
          `A restart would pull different code. Fix: pin a version or digest (llmstack:images.vllm, llmstack:images.vllmCpu, llmstack:images.gatewayTag, or the container's image).`,
      );
    },
  });
}

/** The security policies, in table order. */
export function securityPolicies(ctx: PackContext): LlmstackPolicy[] {
  return [
    egressNoWildcards(ctx),
    oauthBlockedRoles(ctx),
    oauthRefreshTokenValidity(ctx),
    oauthHttpsRedirect(ctx),
    endpointAccess(ctx),
    noPlaintextSecrets(ctx),
    noPublicGrants(ctx),
    runtimeRoleLeastPrivilege(ctx),
    runtimeObjectsNotAdminOwned(ctx),
    imagesPinned(ctx),
  ];
}

