/**
 * Connection settings and authentication, shared by the `llmstack` provider (snowflake-sdk 3.3.0)
 * and `@pulumi/snowflake` 1.3.0 (terraform-provider-snowflake v1.2.1): the program hands both the
 * same `snowflake:*` config and both fall back to the same `SNOWFLAKE_*` variables, so a value one
 * accepts and the other refuses breaks half of every deployment. This module holds the one
 * supported-auth table (README "Supported authentication"), the rules that keep a setting valid for
 * both, and the pure mapping to driver options. Nothing here logs or returns a credential.
 */
import type { ConnectionOptions } from "snowflake-sdk";

/** Provider configuration (`llmstack:<key>`, explicit Provider args, or the program's `snowflake:<key>`). */
export interface ConnectionSettings {
  organizationName?: string;
  accountName?: string;
  user?: string;
  role?: string;
  warehouse?: string;
  /** One of {@link AUTHENTICATORS}; inferred from the credential when unset ({@link inferAuthenticator}). */
  authenticator?: string;
  /** Host name only (e.g. `<org>-<acct>.privatelink.snowflakecomputing.com`, `127.0.0.1`); default `<org>-<acct>.snowflakecomputing.com`. */
  host?: string;
  /** `https` (default) or `http` (a local emulator). */
  protocol?: string;
  /** Port on `host`; default the protocol's. */
  port?: string;
  /** llmstack only, config only: PEM file of the private key (@pulumi/snowflake has no such setting). */
  privateKeyPath?: string;
  password?: string;
  privateKey?: string;
  privateKeyPassphrase?: string;
  token?: string;
}

export type SettingKey = keyof ConnectionSettings;

/**
 * Environment fallbacks: exactly the names terraform-provider-snowflake v1.2.1 reads
 * (`pkg/internal/snowflakeenvs/snowflake_environment_variables.go`), so one set of variables serves
 * both providers. `privateKeyPath` has none: v1.2.1 reads no SNOWFLAKE_PRIVATE_KEY_PATH, and a key
 * only the llmstack provider could find would leave every @pulumi/snowflake resource without one.
 */
export const SETTING_ENV_VARS: Readonly<Partial<Record<SettingKey, string>>> = {
  organizationName: "SNOWFLAKE_ORGANIZATION_NAME",
  accountName: "SNOWFLAKE_ACCOUNT_NAME",
  user: "SNOWFLAKE_USER",
  role: "SNOWFLAKE_ROLE",
  warehouse: "SNOWFLAKE_WAREHOUSE",
  authenticator: "SNOWFLAKE_AUTHENTICATOR",
  host: "SNOWFLAKE_HOST",
  protocol: "SNOWFLAKE_PROTOCOL",
  port: "SNOWFLAKE_PORT",
  password: "SNOWFLAKE_PASSWORD",
  privateKey: "SNOWFLAKE_PRIVATE_KEY",
  privateKeyPassphrase: "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
  token: "SNOWFLAKE_TOKEN",
};

export const SETTING_KEYS: readonly SettingKey[] = [
  "organizationName",
  "accountName",
  "user",
  "role",
  "warehouse",
  "authenticator",
  "host",
  "protocol",
  "port",
  "privateKeyPath",
  "password",
  "privateKey",
  "privateKeyPassphrase",
  "token",
];
/** Settings that are credentials: never printed. */
export const SECRET_SETTINGS: readonly SettingKey[] = ["password", "privateKey", "privateKeyPassphrase", "token"];

/** Merges config over the environment, key by key (an empty string counts as unset). Pure. */
export function resolveSettings(config: Partial<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): ConnectionSettings {
  const out: ConnectionSettings = {};
  for (const key of SETTING_KEYS) {
    const fromConfig = config[key];
    const envName = SETTING_ENV_VARS[key];
    const value = typeof fromConfig === "string" && fromConfig !== "" ? fromConfig : (envName && env[envName]) || undefined;
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Which settings are present, with secrets shown only as `set` (for error messages). */
export function describeSettings(s: ConnectionSettings): string {
  return SETTING_KEYS.filter((k) => s[k] !== undefined)
    .map((k) => `${k}=${SECRET_SETTINGS.includes(k) ? "<set>" : s[k]}`)
    .join(", ");
}

/** A configuration problem; the message never contains a credential. */
export class ConnectionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionConfigError";
  }
}

/**
 * `authenticator` values of terraform-provider-snowflake v1.2.1: `pkg/sdk/config.go`
 * (`AllAuthenticationTypes`, `ToAuthenticatorType`: anything else is "invalid authenticator type").
 */
export const TF_AUTHENTICATORS = ["SNOWFLAKE", "OAUTH", "EXTERNALBROWSER", "OKTA", "SNOWFLAKE_JWT", "TOKENACCESSOR", "USERNAMEPASSWORDMFA"] as const;

/** One row of the supported-auth table. */
export interface AuthenticatorRow {
  /** The value to set (`snowflake:authenticator` / SNOWFLAKE_AUTHENTICATOR): valid for terraform-provider-snowflake v1.2.1. */
  readonly value: (typeof TF_AUTHENTICATORS)[number];
  /** What snowflake-sdk 3.3.0 calls it (`dist/lib/authentication/authentication_types.js`). */
  readonly driver: string;
  /** Settings it needs besides the account. */
  readonly needs: readonly SettingKey[];
  /** For the README. */
  readonly what: string;
}

/**
 * The authenticators both providers accept, and only those. Left out: OKTA and TOKENACCESSOR (the
 * Node driver has no TOKENACCESSOR, and OKTA takes the Okta URL as authenticator there), and the
 * driver-only PROGRAMMATIC_ACCESS_TOKEN, OAUTH_AUTHORIZATION_CODE, OAUTH_CLIENT_CREDENTIALS and
 * WORKLOAD_IDENTITY (terraform-provider-snowflake v1.2.1 refuses them). A programmatic access token
 * works as a password for both: "You can also use a programmatic access token as a replacement for a
 * password" (https://docs.snowflake.com/en/user-guide/programmatic-access-tokens).
 */
export const AUTHENTICATORS: readonly AuthenticatorRow[] = [
  { value: "SNOWFLAKE", driver: "SNOWFLAKE", needs: ["user", "password"], what: "user + password, or user + programmatic access token as the password" },
  { value: "SNOWFLAKE_JWT", driver: "SNOWFLAKE_JWT", needs: ["user", "privateKey"], what: "key pair: user + PEM private key (+ passphrase if encrypted)" },
  { value: "OAUTH", driver: "OAUTH", needs: ["token"], what: "OAuth access token" },
  { value: "EXTERNALBROWSER", driver: "EXTERNALBROWSER", needs: ["user"], what: "browser SSO (interactive; not for CI)" },
  { value: "USERNAMEPASSWORDMFA", driver: "USERNAME_PASSWORD_MFA", needs: ["user", "password"], what: "user + password with MFA (Duo push or passcode)" },
];

/** How the settings reach us: the program's `snowflake:*` config, or the llmstack provider's own config. */
export interface AuthCheckOptions {
  /** Config namespace in messages. @default "snowflake" */
  configPrefix?: "snowflake" | "llmstack";
  /** Settings only the llmstack provider reads are fine (the provider alone, not the program). @default false */
  llmstackOnly?: boolean;
  /**
   * Report missing credentials. The program leaves that to the providers at connect time, so the
   * offline plan (no credentials) runs. @default true
   */
  requireCredentials?: boolean;
}

function hinter(o: AuthCheckOptions) {
  return (key: SettingKey): string => {
    const env = SETTING_ENV_VARS[key];
    return `${o.configPrefix ?? "snowflake"}:${key}${env ? ` or ${env}` : ""}`;
  };
}

/**
 * The authenticator both providers will use for these settings: the explicit one, else what the
 * credential implies. terraform-provider-snowflake v1.2.1 does not infer key-pair auth (MIGRATION_GUIDE
 * "authenticator (JWT)": "set authenticator … explicitly"), so the program passes this value to both.
 */
export function inferAuthenticator(s: Pick<ConnectionSettings, "authenticator" | "privateKey" | "privateKeyPath" | "password" | "token">): string {
  if (s.authenticator) return s.authenticator.toUpperCase();
  if (s.token) return "OAUTH";
  if (s.privateKey || s.privateKeyPath) return "SNOWFLAKE_JWT";
  return "SNOWFLAKE";
}

/** What the settings are (credentials only as present/absent), for {@link sharedAuthProblems}. */
export type AuthShape = Partial<Record<SettingKey, string | boolean>>;

/**
 * Why these settings would not work for both providers (empty when they would). Each message names
 * the setting and the fix, never a value of a secret.
 */
export function sharedAuthProblems(s: AuthShape, o: AuthCheckOptions = {}): string[] {
  const hint = hinter(o);
  const problems: string[] = [];
  const raw = typeof s.authenticator === "string" ? s.authenticator : undefined;
  const auth = inferAuthenticator({ authenticator: raw, privateKey: s.privateKey ? "x" : undefined, privateKeyPath: s.privateKeyPath ? "x" : undefined, token: s.token ? "x" : undefined });
  const row = AUTHENTICATORS.find((r) => r.value === auth);
  if (!row) {
    const fix =
      auth === "PROGRAMMATIC_ACCESS_TOKEN"
        ? `put the programmatic access token in ${o.configPrefix ?? "snowflake"}:password with authenticator SNOWFLAKE`
        : auth === "USERNAME_PASSWORD_MFA"
          ? "use USERNAMEPASSWORDMFA (the llmstack provider maps it to the driver's USERNAME_PASSWORD_MFA)"
          : auth === "JWT"
            ? "use SNOWFLAKE_JWT (terraform-provider-snowflake v1 dropped JWT)"
            : `use one of ${AUTHENTICATORS.map((r) => r.value).join(", ")}`;
    problems.push(
      `${hint("authenticator")} = ${JSON.stringify(raw)} is not accepted by both providers ` +
        `(@pulumi/snowflake 1.3.0 knows ${TF_AUTHENTICATORS.join(", ")}; llmstack supports their common subset): ${fix}`,
    );
    return problems;
  }
  // terraform-provider-snowflake v1.2.1 switches to OAUTH whenever a token is set (pkg/provider/provider.go:705-709).
  if (s.token && auth !== "OAUTH") {
    problems.push(`${hint("token")} is set, so @pulumi/snowflake authenticates with OAUTH, but ${hint("authenticator")} is ${auth}: unset the token or the authenticator`);
  }
  // v1.2.1: private_key ConflictsWith password (pkg/provider/provider.go:296).
  if (s.privateKey && s.password) problems.push(`set either ${hint("privateKey")} or ${hint("password")}, not both (@pulumi/snowflake refuses the pair)`);
  if (s.privateKeyPath && !o.llmstackOnly) {
    problems.push(
      `snowflake:privateKeyPath is read only by the llmstack provider; @pulumi/snowflake would have no key: put the key itself in ${hint("privateKey")} (e.g. pulumi config set --secret snowflake:privateKey -- "$(cat key.p8)")`,
    );
  }
  for (const need of o.requireCredentials === false ? [] : row.needs) {
    if (need === "privateKey" ? !s.privateKey && !s.privateKeyPath : !s[need]) problems.push(`${auth} authentication needs ${hint(need)}`);
  }
  if (s.host !== undefined && typeof s.host === "string" && s.host.includes("://")) {
    problems.push(`${hint("host")} must be a host name, got ${JSON.stringify(s.host)}: put the scheme in ${hint("protocol")} and the port in ${hint("port")}`);
  }
  if (typeof s.protocol === "string" && !["http", "https"].includes(s.protocol.toLowerCase())) {
    problems.push(`${hint("protocol")} must be http or https, got ${JSON.stringify(s.protocol)}`);
  }
  if (typeof s.port === "string" && !/^[0-9]{1,5}$/.test(s.port)) problems.push(`${hint("port")} must be a port number, got ${JSON.stringify(s.port)}`);
  return problems;
}

/** The shape of resolved settings: non-secret values as they are, secrets as `true`. */
export function authShape(s: ConnectionSettings): AuthShape {
  const out: AuthShape = {};
  for (const k of SETTING_KEYS) if (s[k] !== undefined) out[k] = SECRET_SETTINGS.includes(k) ? true : s[k];
  return out;
}

/** `https://host[:port]`, or undefined when no host is set (the driver then derives it from the account). */
export function accessUrl(s: Pick<ConnectionSettings, "host" | "protocol" | "port">): string | undefined {
  if (!s.host) return undefined;
  return `${(s.protocol ?? "https").toLowerCase()}://${s.host}${s.port ? `:${s.port}` : ""}`;
}

/**
 * Maps settings to `snowflake-sdk` connection options, refusing what {@link sharedAuthProblems}
 * refuses. Pure.
 */
export function connectionOptions(s: ConnectionSettings): ConnectionOptions {
  const hostAccount = s.host && !/^[0-9.]+$|^localhost$|^\[/.test(s.host) ? s.host.split(".")[0] : undefined;
  const account = s.organizationName && s.accountName ? `${s.organizationName}-${s.accountName}` : hostAccount;
  if (!account) {
    const hint = hinter({ configPrefix: "llmstack" });
    throw new ConnectionConfigError(`Snowflake account not configured: set ${hint("organizationName")} and ${hint("accountName")}`);
  }
  const problems = sharedAuthProblems(authShape(s), { configPrefix: "llmstack", llmstackOnly: true });
  if (problems.length) throw new ConnectionConfigError(problems.join("; "));
  const auth = inferAuthenticator(s);
  const row = AUTHENTICATORS.find((r) => r.value === auth)!;

  const opts: ConnectionOptions = { account, application: "llmstack", authenticator: row.driver };
  const url = accessUrl(s);
  if (url) opts.accessUrl = url;
  if (s.user) opts.username = s.user;
  if (s.role) opts.role = s.role;
  if (s.warehouse) opts.warehouse = s.warehouse;
  switch (row.value) {
    case "SNOWFLAKE":
    case "USERNAMEPASSWORDMFA":
      opts.password = s.password;
      break;
    case "SNOWFLAKE_JWT":
      if (s.privateKey) {
        // Env/config values often carry "\n" escapes instead of newlines.
        opts.privateKey = s.privateKey.includes("\\n") ? s.privateKey.replace(/\\n/g, "\n") : s.privateKey;
      } else {
        opts.privateKeyPath = s.privateKeyPath;
      }
      if (s.privateKeyPassphrase) opts.privateKeyPass = s.privateKeyPassphrase;
      break;
    case "OAUTH":
      opts.token = s.token;
      break;
    default:
      break;
  }
  return opts;
}
