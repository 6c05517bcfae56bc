/** Security policies: oauth clients. */
import type { PackContext } from "../context";
import {
  ConfigLocator,
  define,
  displayName,
  flag,
  known,
  list,
  PRIVILEGED_ROLES,
  settings,
  TYPES,
  upper,
  type LlmstackPolicy,
} from "../util";

const stringList = (description: string, def: string[] = []) => ({ type: "array" as const, items: { type: "string" as const }, default: def, description });

interface BlockedRolesConfig {
  privilegedRolesBlockedByAccount: boolean;
  requiredBlockedRoles: string[];
}

export function oauthBlockedRoles(ctx: PackContext): LlmstackPolicy {
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

export function oauthRefreshTokenValidity(ctx: PackContext): LlmstackPolicy {
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

export function oauthHttpsRedirect(ctx: PackContext): LlmstackPolicy {
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
