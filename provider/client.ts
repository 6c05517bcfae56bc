/**
 * How the provider talks to Snowflake: a one-statement-at-a-time `SqlClient` and its implementation
 * over `snowflake-sdk` (connection settings and authentication: `auth.ts`).
 *
 * Credentials never leave the driver's connection options: they are not logged, not put into
 * errors, and not returned to the engine.
 */
import type { ConnectionOptions } from "snowflake-sdk";

/** One result row, keyed by lower-case column name. */
export type Row = Record<string, unknown>;

/** Runs exactly one SQL statement per call. */
export interface SqlClient {
  execute(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * A statement Snowflake refused, with the driver's error code (e.g. `002003`: "does not exist or not
 * authorized") and SQL state kept, so callers can tell cases apart without parsing messages.
 * snowflake-sdk 3.3.0 builds these from the response's `code`, `message` and `data.sqlState`
 * (`dist/lib/services/sf.js`, `Errors.createOperationFailedError`).
 */
export class SnowflakeError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly sqlState?: string,
  ) {
    super(message);
    this.name = "SnowflakeError";
  }
}

/** Snowflake's code for "Object '…' does not exist or not authorized." */
export const DOES_NOT_EXIST_OR_NOT_AUTHORIZED = "002003";

/** The error code of a Snowflake error, as a 6-digit string (`2003` → `002003`), when there is one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "number") return String(code).padStart(6, "0");
  if (typeof code === "string" && /^[0-9]+$/.test(code)) return code.padStart(6, "0");
  return undefined;
}

/** Statement and login limits (seconds). Our statements are DDL and SHOW/DESCRIBE: short. */
export const STATEMENT_TIMEOUT_SECS = 900;

export interface SqlClientLimits {
  /** How long one statement may take before it is cancelled and fails. @default {@link STATEMENT_TIMEOUT_SECS} */
  statementTimeoutSecs?: number;
}

/** The snowflake-sdk implementation. Connects lazily on first `execute`. */
export class SnowflakeSqlClient implements SqlClient {
  private connection?: Promise<import("snowflake-sdk").Connection>;
  private readonly timeoutSecs: number;

  constructor(
    private readonly options: ConnectionOptions,
    limits: SqlClientLimits = {},
  ) {
    this.timeoutSecs = limits.statementTimeoutSecs ?? STATEMENT_TIMEOUT_SECS;
  }

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
          // Per HTTP request (default 90 s): a statement that runs longer is polled, not held open.
          timeout: STATEMENT_TIMEOUT_SECS * 1000,
        });
        // connectAsync() resolves even when the login fails: the error only reaches its callback
        // (snowflake-sdk 3.3.0 dist/lib/connection/connection.js `connectAsync` → `connectCallback`).
        let loginError: unknown;
        try {
          await conn.connectAsync((err) => {
            loginError = err ?? undefined;
          });
        } catch (err) {
          loginError = err;
        }
        if (loginError) throw new SnowflakeError((loginError as Error).message, errorCode(loginError), (loginError as { sqlState?: string }).sqlState);
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
      const timer = setTimeout(() => {
        reject(new SnowflakeError(`statement did not finish within ${this.timeoutSecs}s and was cancelled`));
        statement.cancel(() => undefined);
      }, this.timeoutSecs * 1000);
      const statement = conn.execute({
        sqlText: sql,
        complete: (err, _stmt, rows) => {
          clearTimeout(timer);
          if (err) reject(new SnowflakeError(err.message, errorCode(err), (err as { sqlState?: string }).sqlState));
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
