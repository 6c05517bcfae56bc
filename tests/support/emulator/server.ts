/**
 * SNOWFLAKE EMULATOR — an HTTP server on loopback that speaks the REST endpoints the real
 * `snowflake-sdk` Node driver (3.3.0) uses, backed by the FAKE Snowflake catalog
 * (tests/support/fakeSnowflake.ts). NOT Snowflake: it exists so the provider's real
 * `SnowflakeSqlClient` (provider/client.ts) runs end to end, driver and all, without an account.
 *
 * Endpoints, each as the driver calls it (paths under node_modules/snowflake-sdk/dist/lib/):
 * - `POST /session/v1/login-request` — services/sf.js `buildLoginUrl`, `StateConnecting.continue`;
 *   answer `data.token/masterToken/validityInSeconds/masterValidityInSeconds/sessionId/parameters`
 *   (services/sf.js `TokenInfo.update`). Credentials per authenticator: ./auth.ts.
 * - `POST /queries/v1/query-request` — connection/statement.js `sendRequestPreExec`; answers a result
 *   (./results.ts) or, while the statement still runs, `code: "333333"` with `data.getResultUrl`
 *   (statement.js `queryCodes.QUERY_IN_PROGRESS`, `buildResultRequestCallback`).
 * - `GET /queries/<id>/result` — statement.js `sendRequestPostExec` and the in-progress poll.
 * - `POST /queries/<id>/abort-request`, `POST /queries/v1/abort-request` — statement.js `sendCancelStatement`.
 * - `GET /monitoring/queries/<id>` — connection/connection.js `getQueryResponse` (`data.queries[0].status`).
 * - `POST /session/heartbeat` — connection.js `heartbeat` (CLIENT_SESSION_KEEP_ALIVE).
 * - `POST /session/token-request` — services/sf.js `StateRenewing` (requestType RENEW).
 * - `POST /session?delete=true` — services/sf.js `StateConnected.destroy`.
 * - `POST /telemetry/send` — telemetry/inband_telemetry.js, sent after login.
 * Request bodies may be gzip-compressed (http/base.js `prepareRequestOptions`). Failures are HTTP 200
 * with `success: false`, `code` and `data.sqlState` (services/sf.js → errors.js
 * `createOperationFailedError`), so the driver's error carries Snowflake's code; an unknown or
 * expired session token is `390104` (constants/gs_errors.js SESSION_TOKEN_INVALID).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { SnowflakeError } from "../../../provider/client";
import { FakeSnowflake } from "../fakeSnowflake";
import { jwtProblem, type EmulatorUser } from "./auth";
import { RESULT_PARAMETERS, resultSet } from "./results";

export type { EmulatorUser } from "./auth";

export interface EmulatorOptions {
  /** ACCOUNT_NAME the driver must send (`<org>-<account>`, case-insensitive). */
  account: string;
  users: EmulatorUser[];
  /** The catalog behind it. @default a new FakeSnowflake */
  fake?: FakeSnowflake;
  /** How long query-request holds a running statement before answering "in progress". @default 20000 */
  inProgressAfterMs?: number;
  /** Artificial run time of a statement (to exercise in-progress polling and timeouts). @default 0 */
  statementDelayMs?: (sql: string) => number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
}

interface Session {
  token: string;
  masterToken: string;
  user: string;
  role: string;
}

interface Query {
  id: string;
  sql: string;
  session: string;
  done: Promise<void>;
  result?: unknown;
  error?: SnowflakeError;
  aborted: boolean;
}

/** What the emulator saw, for tests. */
export interface EmulatorRequest {
  method: string;
  path: string;
  authenticator?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SnowflakeEmulator {
  readonly fake: FakeSnowflake;
  readonly requests: EmulatorRequest[] = [];
  readonly sessions = new Map<string, Session>();
  readonly queries = new Map<string, Query>();
  private server?: Server;
  private sessionCounter = 0;
  private readonly o: Required<Omit<EmulatorOptions, "fake">>;

  constructor(options: EmulatorOptions) {
    this.fake = options.fake ?? new FakeSnowflake();
    this.o = { inProgressAfterMs: 20_000, statementDelayMs: () => 0, host: "127.0.0.1", port: 0, ...options };
  }

  /** Starts listening; resolves with where. */
  async start(): Promise<{ url: string; host: string; port: number }> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => this.send(res, 500, { success: false, message: String((e as Error)?.message ?? e) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.o.port, this.o.host, resolve));
    const { port } = this.server.address() as AddressInfo;
    return { url: `http://${this.o.host}:${port}`, host: this.o.host, port };
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server.closeAllConnections?.();
    this.server = undefined;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  private fail(res: ServerResponse, code: string, message: string, extra: Record<string, unknown> = {}): void {
    this.send(res, 200, { success: false, code, message, data: { errorCode: code, ...extra } });
  }

  private async body(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let buf = Buffer.concat(chunks);
    if (buf.length === 0) return {};
    if (String(req.headers["content-encoding"] ?? "").includes("gzip")) buf = gunzipSync(buf);
    return JSON.parse(buf.toString("utf8"));
  }

  /** The session of `Authorization: Snowflake Token="…"` (services/sf.js `SessionTokenRequest`). */
  private session(req: IncomingMessage): Session | undefined {
    const m = /Snowflake Token="([^"]+)"/.exec(String(req.headers.authorization ?? ""));
    return m ? this.sessions.get(m[1]) : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const path = url.pathname;
    const body = await this.body(req);
    this.requests.push({ method: req.method ?? "", path, authenticator: body?.data?.AUTHENTICATOR });

    if (req.method === "POST" && path === "/session/v1/login-request") return this.login(body, url, res);
    if (req.method === "POST" && path === "/telemetry/send") return this.send(res, 200, { success: true, data: null });
    if (req.method === "POST" && path === "/session/token-request") return this.renew(body, req, res);

    const session = this.session(req);
    if (!session) return this.fail(res, "390104", "Session token invalid or expired. Please log in again.");
    if (req.method === "POST" && path === "/session" && url.searchParams.get("delete") === "true") {
      this.sessions.delete(session.token);
      return this.send(res, 200, { success: true, data: null });
    }
    if (req.method === "POST" && path === "/session/heartbeat") return this.send(res, 200, { success: true, data: null });
    if (req.method === "POST" && path === "/queries/v1/query-request") return this.queryRequest(body, session, res);
    let m = /^\/queries\/([0-9a-f-]+)\/result$/.exec(path);
    if (req.method === "GET" && m) return this.answer(this.queries.get(m[1]), res);
    m = /^\/queries\/([0-9a-f-]+)\/abort-request$/.exec(path);
    if (req.method === "POST" && (m || path === "/queries/v1/abort-request")) {
      const q = m ? this.queries.get(m[1]) : undefined;
      if (q) q.aborted = true;
      return this.send(res, 200, { success: true, data: null });
    }
    m = /^\/monitoring\/queries\/([0-9a-f-]+)$/.exec(path);
    if (req.method === "GET" && m) {
      const q = this.queries.get(m[1]);
      const status = !q ? undefined : q.aborted ? "ABORTED" : q.result ? "SUCCESS" : q.error ? "FAILED_WITH_ERROR" : "RUNNING";
      return this.send(res, 200, { success: true, data: { queries: q ? [{ id: q.id, status }] : [] } });
    }
    this.send(res, 404, { success: false, message: `emulator: no endpoint ${req.method} ${path}` });
  }

  private login(body: any, url: URL, res: ServerResponse): void {
    const d = body?.data ?? {};
    const fail = (why: string) => this.fail(res, "390100", `Incorrect username or password was specified. (emulator: ${why})`);
    if (String(d.ACCOUNT_NAME ?? "").toUpperCase() !== this.o.account.toUpperCase()) return fail(`account ${d.ACCOUNT_NAME} is not ${this.o.account}`);
    const auth = String(d.AUTHENTICATOR ?? "SNOWFLAKE").toUpperCase();
    let user: EmulatorUser | undefined;
    if (auth === "OAUTH") {
      user = this.o.users.find((u) => u.oauthToken !== undefined && u.oauthToken === d.TOKEN);
      if (!user) return fail("unknown OAuth token");
    } else {
      user = this.o.users.find((u) => u.name.toUpperCase() === String(d.LOGIN_NAME ?? "").toUpperCase());
      if (!user) return fail(`no user ${d.LOGIN_NAME}`);
      if (auth === "SNOWFLAKE" || auth === "USERNAME_PASSWORD_MFA") {
        if (user.password === undefined || d.PASSWORD !== user.password) return fail("wrong password");
      } else if (auth === "SNOWFLAKE_JWT") {
        const problem = jwtProblem(String(d.TOKEN ?? ""), this.o.account, user);
        if (problem) return fail(problem);
      } else {
        return fail(`authenticator ${auth} is not emulated`);
      }
    }
    const session: Session = { token: randomUUID(), masterToken: randomUUID(), user: user.name, role: url.searchParams.get("roleName") ?? user.defaultRole ?? "SYSADMIN" };
    this.sessions.set(session.token, session);
    const keepAlive = d.SESSION_PARAMETERS?.CLIENT_SESSION_KEEP_ALIVE;
    this.send(res, 200, {
      success: true,
      code: null,
      message: null,
      data: {
        token: session.token,
        masterToken: session.masterToken,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: ++this.sessionCounter,
        parameters: [...RESULT_PARAMETERS, ...(keepAlive === undefined ? [] : [{ name: "CLIENT_SESSION_KEEP_ALIVE", value: keepAlive }])],
        sessionInfo: { roleName: session.role, warehouseName: url.searchParams.get("warehouse"), databaseName: null, schemaName: null },
      },
    });
  }

  private renew(body: any, req: IncomingMessage, res: ServerResponse): void {
    const m = /Snowflake Token="([^"]+)"/.exec(String(req.headers.authorization ?? ""));
    const old = this.sessions.get(String(body?.oldSessionToken ?? ""));
    if (!old || m?.[1] !== old.masterToken) return this.fail(res, "390114", "Master token expired or invalid.");
    this.sessions.delete(old.token);
    const renewed = { ...old, token: randomUUID() };
    this.sessions.set(renewed.token, renewed);
    this.send(res, 200, { success: true, data: { sessionToken: renewed.token, masterToken: old.masterToken, validityInSecondsST: 3600, validityInSecondsMT: 14400 } });
  }

  private queryRequest(body: any, session: Session, res: ServerResponse): Promise<void> {
    const sql = String(body?.sqlText ?? "");
    const q: Query = { id: randomUUID(), sql, session: session.token, aborted: false, done: Promise.resolve() };
    q.done = (async () => {
      const delay = this.o.statementDelayMs(sql);
      if (delay > 0) await sleep(delay);
      if (q.aborted) {
        // The code drivers report for a cancelled statement ("000604 (57014): SQL execution canceled").
        q.error = new SnowflakeError("SQL execution canceled", "000604", "57014");
        return;
      }
      try {
        const rows = await this.fake.execute(sql);
        q.result = { ...resultSet(rows), total: rows.length, returned: rows.length };
      } catch (e) {
        q.error = e instanceof SnowflakeError ? e : new SnowflakeError(String((e as Error)?.message ?? e));
      }
    })();
    this.queries.set(q.id, q);
    return this.answer(q, res);
  }

  /** The query's outcome, or "in progress" after `inProgressAfterMs`. */
  private async answer(q: Query | undefined, res: ServerResponse): Promise<void> {
    if (!q) return this.send(res, 404, { success: false, message: "emulator: no such query" });
    const finished = await Promise.race([q.done.then(() => true), sleep(this.o.inProgressAfterMs).then(() => false)]);
    if (!finished) {
      return this.send(res, 200, { success: true, code: "333333", message: "Query execution in progress", data: { queryId: q.id, getResultUrl: `/queries/${q.id}/result` } });
    }
    if (q.error) {
      return this.send(res, 200, {
        success: false,
        code: q.error.code ?? "100000",
        message: q.error.message,
        data: { queryId: q.id, sqlState: q.error.sqlState ?? "P0000", errorCode: q.error.code ?? "100000" },
      });
    }
    this.send(res, 200, { success: true, code: null, message: null, data: { queryId: q.id, version: 1, queryResultFormat: "json", parameters: RESULT_PARAMETERS, ...(q.result as object) } });
  }
}
