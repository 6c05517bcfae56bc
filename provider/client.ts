/**
 * How the provider talks to Snowflake: a one-statement-at-a-time `SqlClient`, its implementation
 * over `snowflake-sdk`, and the (pure) resolution of connection settings from provider config and
 * the `SNOWFLAKE_*` environment.
 *
 * Credentials never leave this module except inside the driver's connection options: they are not
 * logged, not put into errors, and not returned to the engine.
 */
import type { ConnectionOptions } from "snowflake-sdk";

/** One result row, keyed by lower-case column name. */
export type Row = Record<string, unknown>;

/** Runs exactly one SQL statement per call. */
export interface SqlClient {
  execute(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/** Provider configuration (`llmstack:<key>` / explicit Provider args). */
export interface ConnectionSettings {
  organizationName?: string;
  accountName?: string;
  user?: string;
  role?: string;
  warehouse?: string;
  authenticator?: string;
  host?: string;
  privateKeyPath?: string;
  password?: string;
  privateKey?: string;
  privateKeyPassphrase?: string;
  token?: string;
}

export type SettingKey = keyof ConnectionSettings;

/**
 * Environment fallbacks: the names terraform-provider-snowflake (and so @pulumi/snowflake 1.x)
 * reads, so one set of variables serves both providers.
 */
export const SETTING_ENV_VARS: Readonly<Record<SettingKey, string>> = {
  organizationName: "SNOWFLAKE_ORGANIZATION_NAME",
  accountName: "SNOWFLAKE_ACCOUNT_NAME",
  user: "SNOWFLAKE_USER",
  role: "SNOWFLAKE_ROLE",
  warehouse: "SNOWFLAKE_WAREHOUSE",
  authenticator: "SNOWFLAKE_AUTHENTICATOR",
  host: "SNOWFLAKE_HOST",
  privateKeyPath: "SNOWFLAKE_PRIVATE_KEY_PATH",
  password: "SNOWFLAKE_PASSWORD",
  privateKey: "SNOWFLAKE_PRIVATE_KEY",
  privateKeyPassphrase: "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
  token: "SNOWFLAKE_TOKEN",
};

export const SETTING_KEYS = Object.keys(SETTING_ENV_VARS) as SettingKey[];
/** Settings that are credentials: never printed. */
export const SECRET_SETTINGS: readonly SettingKey[] = ["password", "privateKey", "privateKeyPassphrase", "token"];

/**
 * Merges provider config over the environment, key by key (an empty string counts as unset).
 * Pure: pass `process.env` explicitly.
 */
export function resolveSettings(config: Partial<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): ConnectionSettings {
  const out: ConnectionSettings = {};
  for (const key of SETTING_KEYS) {
    const fromConfig = config[key];
    const value = typeof fromConfig === "string" && fromConfig !== "" ? fromConfig : env[SETTING_ENV_VARS[key]] || undefined;
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

const AUTHENTICATORS: Record<string, string> = {
  SNOWFLAKE: "SNOWFLAKE",
  SNOWFLAKE_JWT: "SNOWFLAKE_JWT",
  JWT: "SNOWFLAKE_JWT",
  OAUTH: "OAUTH",
  PROGRAMMATIC_ACCESS_TOKEN: "PROGRAMMATIC_ACCESS_TOKEN",
  EXTERNALBROWSER: "EXTERNALBROWSER",
  USERNAMEPASSWORDMFA: "USERNAME_PASSWORD_MFA",
  USERNAME_PASSWORD_MFA: "USERNAME_PASSWORD_MFA",
};

function hint(key: SettingKey): string {
  return `llmstack:${key} or ${SETTING_ENV_VARS[key]}`;
}

/**
 * Maps settings to `snowflake-sdk` connection options, validating that the chosen authenticator
 * has what it needs. Without an explicit authenticator: a private key means key-pair (JWT), a
 * password means SNOWFLAKE, a token alone means OAUTH (terraform-provider-snowflake's meaning of
 * SNOWFLAKE_TOKEN). Pure.
 */
export function connectionOptions(s: ConnectionSettings): ConnectionOptions {
  const hostAccount = s.host?.replace(/^https?:\/\//, "").split(".")[0];
  const account = s.organizationName && s.accountName ? `${s.organizationName}-${s.accountName}` : hostAccount;
  if (!account) {
    throw new ConnectionConfigError(
      `Snowflake account not configured: set ${hint("organizationName")} and ${hint("accountName")} (or ${hint("host")})`,
    );
  }
  const requested = s.authenticator?.toUpperCase();
  let authenticator: string;
  if (requested) {
    const known = AUTHENTICATORS[requested.replace(/-/g, "_")];
    if (!known) throw new ConnectionConfigError(`unsupported authenticator ${JSON.stringify(s.authenticator)}; use one of ${[...new Set(Object.values(AUTHENTICATORS))].join(", ")}`);
    authenticator = known;
  } else if (s.privateKey || s.privateKeyPath) authenticator = "SNOWFLAKE_JWT";
  else if (s.password) authenticator = "SNOWFLAKE";
  else if (s.token) authenticator = "OAUTH";
  else authenticator = "SNOWFLAKE";

  const opts: ConnectionOptions = { account, application: "llmstack", authenticator };
  if (s.host) opts.accessUrl = s.host.startsWith("http") ? s.host : `https://${s.host}`;
  if (s.user) opts.username = s.user;
  if (s.role) opts.role = s.role;
  if (s.warehouse) opts.warehouse = s.warehouse;

  const needUser = authenticator !== "OAUTH";
  if (needUser && !s.user) throw new ConnectionConfigError(`${authenticator} authentication needs a user: set ${hint("user")}`);
  switch (authenticator) {
    case "SNOWFLAKE":
    case "USERNAME_PASSWORD_MFA":
      if (!s.password) throw new ConnectionConfigError(`${authenticator} authentication needs a password: set ${hint("password")}`);
      opts.password = s.password;
      break;
    case "SNOWFLAKE_JWT":
      if (s.privateKey) {
        // Env/config values often carry "\n" escapes instead of newlines.
        opts.privateKey = s.privateKey.includes("\\n") ? s.privateKey.replace(/\\n/g, "\n") : s.privateKey;
      } else if (s.privateKeyPath) {
        opts.privateKeyPath = s.privateKeyPath;
      } else {
        throw new ConnectionConfigError(`key-pair authentication needs ${hint("privateKey")} or ${hint("privateKeyPath")}`);
      }
      if (s.privateKeyPassphrase) opts.privateKeyPass = s.privateKeyPassphrase;
      break;
    case "OAUTH":
    case "PROGRAMMATIC_ACCESS_TOKEN":
      if (!s.token) throw new ConnectionConfigError(`${authenticator} authentication needs a token: set ${hint("token")}`);
      opts.token = s.token;
      break;
    case "EXTERNALBROWSER":
      break;
  }
  return opts;
}

/** Statement and login limits (seconds). Our statements are DDL and SHOW/DESCRIBE: short. */
export const STATEMENT_TIMEOUT_SECS = 900;

/** The snowflake-sdk implementation. Connects lazily on first `execute`. */
export class SnowflakeSqlClient implements SqlClient {
  private connection?: Promise<import("snowflake-sdk").Connection>;

  constructor(private readonly options: ConnectionOptions) {}

  private connect(): Promise<import("snowflake-sdk").Connection> {
    if (!this.connection) {
      this.connection = (async () => {
        // Imported here so tests and `check`/`diff` never load the driver.
        const snowflake = await import("snowflake-sdk");
        // The driver would otherwise write a log file into the working directory; drop its logs
        // (errors reach us through callbacks and are reported by the provider).
        const quiet = () => undefined;
        snowflake.configure({ customLogger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet } });
        const conn = snowflake.createConnection({
          ...this.options,
          sfRetryMaxLoginRetries: 3,
          clientSessionKeepAlive: true,
          timeout: STATEMENT_TIMEOUT_SECS * 1000,
        });
        await conn.connectAsync();
        return conn;
      })();
      // A failed login must not be cached forever.
      this.connection.catch(() => (this.connection = undefined));
    }
    return this.connection;
  }

  async execute(sql: string): Promise<Row[]> {
    const conn = await this.connect();
    return new Promise<Row[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`statement did not finish within ${STATEMENT_TIMEOUT_SECS}s`)), STATEMENT_TIMEOUT_SECS * 1000);
      conn.execute({
        sqlText: sql,
        complete: (err, _stmt, rows) => {
          clearTimeout(timer);
          if (err) reject(new Error(err.message));
          else resolve(((rows ?? []) as Row[]).map(lowerKeys));
        },
      });
    });
  }

  async close(): Promise<void> {
    if (!this.connection) return;
    const conn = await this.connection.catch(() => undefined);
    this.connection = undefined;
    if (conn?.isUp()) await new Promise<void>((resolve) => conn.destroy(() => resolve()));
  }
}

/** Column names as lower case (SHOW output is lower case already; DESCRIBE of some objects is not). */
function lowerKeys(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k.toLowerCase()] = v;
  return out;
}
