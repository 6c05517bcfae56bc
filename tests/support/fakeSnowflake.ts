/**
 * FAKE SNOWFLAKE — an in-memory catalog for tests. NOT Snowflake and not a SQL engine.
 *
 * It implements `SqlClient` by parsing ONLY the statements `provider/sql.ts` emits, and it
 * enforces the SPCS rules the provider must respect (each from the Snowflake reference page cited
 * in `provider/diff.ts`/`provider/sql.ts`): unique names; DROP COMPUTE POOL fails while services run
 * in it; SET INSTANCE_FAMILY only on a SUSPENDED pool (SUSPEND passes through STOPPING first);
 * DROP SERVICE needs FORCE when the service has block volumes; CREATE SERVICE needs its pool and
 * integrations; functions need their service and one of its endpoints; compute pool names (and the
 * service in SHOW SERVICE CONTAINERS) cannot be quoted. Containers start PENDING and become READY
 * after a few polls (FAILED when the image name contains "broken"); ingress URLs appear after a
 * "provisioning" message. `DESC SERVICE` returns the spec re-formatted (sorted keys), like a server
 * that stores YAML as data, and `driftSpec` changes it out of band.
 *
 * Output column names follow the SHOW/DESC pages as far as documented; anything undocumented
 * (DESCRIBE INTEGRATION values, SHOW GRANTS OF SERVICE ROLE) mirrors the provider's assumption and
 * proves nothing about real Snowflake.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { Row, SqlClient } from "../../provider/client";

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

type Tok =
  | { t: "qid"; v: string } // "quoted identifier"
  | { t: "word"; v: string } // bare word / identifier / keyword (as written)
  | { t: "str"; v: string } // 'string' or $$string$$
  | { t: "num"; v: number }
  | { t: "p"; v: string }; // punctuation

function tokenize(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let v = "";
      i++;
      for (;;) {
        if (i >= sql.length) throw new Error("SQL compilation error: unterminated identifier");
        if (sql[i] === '"' && sql[i + 1] === '"') (v += '"'), (i += 2);
        else if (sql[i] === '"') {
          i++;
          break;
        } else v += sql[i++];
      }
      out.push({ t: "qid", v });
    } else if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= sql.length) throw new Error("SQL compilation error: unterminated string");
        if (sql[i] === "\\") (v += sql[i + 1]), (i += 2);
        else if (sql[i] === "'" && sql[i + 1] === "'") (v += "'"), (i += 2);
        else if (sql[i] === "'") {
          i++;
          break;
        } else v += sql[i++];
      }
      out.push({ t: "str", v });
    } else if (c === "$" && sql[i + 1] === "$") {
      const end = sql.indexOf("$$", i + 2);
      if (end < 0) throw new Error("SQL compilation error: unterminated $$ string");
      out.push({ t: "str", v: sql.slice(i + 2, end) });
      i = end + 2;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < sql.length && /[0-9]/.test(sql[j])) j++;
      out.push({ t: "num", v: Number(sql.slice(i, j)) });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      out.push({ t: "word", v: sql.slice(i, j) });
      i = j;
    } else if ("(),.=!/".includes(c)) {
      out.push({ t: "p", v: c });
      i++;
    } else {
      throw new Error(`SQL compilation error: syntax error at '${c}'`);
    }
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }
  isWord(...ws: string[]): boolean {
    return ws.every((w, o) => {
      const t = this.peek(o);
      return t?.t === "word" && t.v.toUpperCase() === w;
    });
  }
  word(w: string): void {
    const t = this.toks[this.i++];
    if (t?.t !== "word" || t.v.toUpperCase() !== w) throw new Error(`SQL compilation error: expected ${w}, got ${JSON.stringify(t)}`);
  }
  maybeWord(...ws: string[]): boolean {
    if (!this.isWord(...ws)) return false;
    this.i += ws.length;
    return true;
  }
  punct(p: string): void {
    const t = this.toks[this.i++];
    if (t?.t !== "p" || t.v !== p) throw new Error(`SQL compilation error: expected '${p}', got ${JSON.stringify(t)}`);
  }
  maybePunct(p: string): boolean {
    const t = this.peek();
    if (t?.t === "p" && t.v === p) {
      this.i++;
      return true;
    }
    return false;
  }
  /** One identifier; bare words resolve upper-case, quoted keep their case. */
  ident(): { name: string; quoted: boolean } {
    const t = this.toks[this.i++];
    if (t?.t === "qid") return { name: t.v, quoted: true };
    if (t?.t === "word") return { name: t.v.toUpperCase(), quoted: false };
    throw new Error(`SQL compilation error: expected identifier, got ${JSON.stringify(t)}`);
  }
  qualified(): { parts: string[]; quoted: boolean } {
    const first = this.ident();
    const parts = [first.name];
    let quoted = first.quoted;
    while (this.maybePunct(".")) {
      const n = this.ident();
      parts.push(n.name);
      quoted ||= n.quoted;
    }
    return { parts, quoted };
  }
  str(): string {
    const t = this.toks[this.i++];
    if (t?.t !== "str") throw new Error(`SQL compilation error: expected string, got ${JSON.stringify(t)}`);
    return t.v;
  }
  num(): number {
    const t = this.toks[this.i++];
    if (t?.t !== "num") throw new Error(`SQL compilation error: expected number, got ${JSON.stringify(t)}`);
    return t.v;
  }
  /** `KEY = value` pairs until the end or one of `stop`. */
  props(stop: string[] = []): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (!this.done() && !stop.some((s) => this.isWord(s)) && !(this.peek()?.t === "p" && (this.peek() as { v: string }).v === ")")) {
      const key = this.ident().name;
      this.punct("=");
      out[key] = this.value();
    }
    return out;
  }
  value(): unknown {
    const t = this.peek();
    if (!t) throw new Error("SQL compilation error: missing value");
    if (t.t === "num") return this.num();
    if (t.t === "str") return this.str();
    if (t.t === "p" && t.v === "(") {
      this.i++;
      const items: unknown[] = [];
      if (this.maybePunct(")")) return items;
      do {
        const inner = this.peek();
        if (inner?.t === "word" && this.peek(1)?.t === "p" && (this.peek(1) as { v: string }).v === "=") {
          items.push(this.props([]));
          break;
        }
        items.push(this.qualified().parts.join("."));
      } while (this.maybePunct(","));
      this.punct(")");
      return items;
    }
    if (t.t === "word" && (t.v.toUpperCase() === "TRUE" || t.v.toUpperCase() === "FALSE")) {
      this.i++;
      return t.v.toUpperCase() === "TRUE";
    }
    return this.qualified().parts.join(".");
  }
  /** A data type: words and an optional `(n[, m])`. */
  dataType(): string {
    let type = this.ident().name;
    if (this.isWord("PRECISION")) type += " " + this.ident().name;
    if (this.maybePunct("(")) {
      const nums = [this.num()];
      while (this.maybePunct(",")) nums.push(this.num());
      this.punct(")");
      type += `(${nums.join(", ")})`;
    }
    return type;
  }
}

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

interface Pool {
  name: string;
  instanceFamily: string;
  minNodes: number;
  maxNodes: number;
  autoResume: boolean;
  autoSuspendSecs: number;
  comment?: string;
  state: string;
  /** SHOW polls left before STOPPING becomes SUSPENDED. */
  stoppingPolls: number;
}
interface Container {
  instance: number;
  name: string;
  image: string;
  status: string;
  message?: string;
  pendingPolls: number;
}
interface Svc {
  fqn: string;
  database: string;
  schema: string;
  name: string;
  pool: string;
  specText: string;
  spec: any;
  isJob: boolean;
  status: string;
  minInstances: number;
  maxInstances: number;
  minReadyInstances?: number;
  autoResume: boolean;
  autoSuspendSecs: number;
  queryWarehouse?: string;
  comment?: string;
  eais: string[];
  createdOn: string;
  upgradingPolls: number;
  containers: Container[];
  endpointPolls: number;
  ingressHost: string;
}
interface Fn {
  fqn: string;
  argTypes: string[];
  returns: string;
  service: string;
  endpoint: string;
  path: string;
  props: Record<string, unknown>;
  comment?: string;
}

export interface FakeSnowflakeOptions {
  /** SHOW SERVICE CONTAINERS polls a new container stays PENDING (default 1). */
  containerPendingPolls?: number;
  /** SHOW ENDPOINTS calls that still answer "provisioning" (default 1). */
  ingressPendingPolls?: number;
  /** SHOW COMPUTE POOLS polls a SUSPEND stays in STOPPING (default 1). */
  poolStoppingPolls?: number;
}

const err = (msg: string) => new Error(msg);
const notFound = (what: string, name: string) => err(`SQL compilation error:\n${what} '${name}' does not exist or not authorized.`);

export class FakeSnowflake implements SqlClient {
  /** Every statement executed, in order. */
  readonly statements: string[] = [];
  readonly pools = new Map<string, Pool>();
  readonly repos = new Map<string, { fqn: string; encryption: string; comment?: string }>();
  readonly eais = new Map<string, { name: string; rules: string[]; secrets: string[]; enabled: boolean; comment?: string }>();
  readonly services = new Map<string, Svc>();
  readonly functions = new Map<string, Fn>();
  readonly grants = new Set<string>();
  closed = false;
  private clock = 0;
  private readonly o: Required<FakeSnowflakeOptions>;

  constructor(options: FakeSnowflakeOptions = {}) {
    this.o = { containerPendingPolls: 1, ingressPendingPolls: 1, poolStoppingPolls: 1, ...options };
  }

  /** Simulates someone running `ALTER SERVICE … FROM SPECIFICATION` outside Pulumi. */
  driftSpec(fqn: string, specText: string): void {
    const s = this.services.get(fqn);
    if (!s) throw new Error(`fake: no service ${fqn}`);
    s.specText = specText;
    s.spec = parseYaml(specText);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    const p = new Parser(tokenize(sql));
    const rows = this.dispatch(p, sql);
    return rows;
  }

  private dispatch(p: Parser, sql: string): Row[] {
    if (p.maybeWord("CREATE", "COMPUTE", "POOL")) return this.createPool(p);
    if (p.maybeWord("ALTER", "COMPUTE", "POOL")) return this.alterPool(p);
    if (p.maybeWord("DROP", "COMPUTE", "POOL")) return this.dropPool(p);
    if (p.maybeWord("SHOW", "COMPUTE", "POOLS", "LIKE")) return this.showPools(p.str());
    if (p.maybeWord("CREATE", "IMAGE", "REPOSITORY")) return this.createRepo(p);
    if (p.maybeWord("ALTER", "IMAGE", "REPOSITORY")) {
      const repo = this.mustGet(this.repos, this.fqn(p), "Image repository");
      p.word("SET");
      repo.comment = (p.props().COMMENT as string) || undefined;
      return ok();
    }
    if (p.maybeWord("DROP", "IMAGE", "REPOSITORY")) return this.drop(this.repos, this.fqn(p), "Image repository");
    if (p.maybeWord("SHOW", "IMAGE", "REPOSITORIES", "LIKE")) return this.showRepos(p);
    if (p.maybeWord("CREATE", "EXTERNAL", "ACCESS", "INTEGRATION")) return this.createEai(p);
    if (p.maybeWord("ALTER", "EXTERNAL", "ACCESS", "INTEGRATION")) return this.alterEai(p);
    if (p.maybeWord("DROP", "INTEGRATION")) return this.drop(this.eais, p.ident().name, "Integration");
    if (p.maybeWord("SHOW", "INTEGRATIONS", "LIKE")) {
      const pat = like(p.str());
      return [...this.eais.values()].filter((e) => pat.test(e.name)).map((e) => ({ name: e.name, type: "EXTERNAL_ACCESS", category: "SECURITY", enabled: String(e.enabled), comment: e.comment ?? null }));
    }
    if (p.maybeWord("DESCRIBE", "INTEGRATION")) {
      const e = this.mustGet(this.eais, p.ident().name, "Integration");
      return [
        { property: "ENABLED", property_value: String(e.enabled) },
        { property: "ALLOWED_NETWORK_RULES", property_value: `[${e.rules.join(", ")}]` },
        { property: "ALLOWED_AUTHENTICATION_SECRETS", property_value: `[${e.secrets.join(", ")}]` },
        { property: "COMMENT", property_value: e.comment ?? "" },
      ];
    }
    if (p.maybeWord("CREATE", "SERVICE")) return this.createService(p);
    if (p.maybeWord("ALTER", "SERVICE")) return this.alterService(p);
    if (p.maybeWord("DROP", "SERVICE")) return this.dropService(p);
    if (p.maybeWord("SHOW", "SERVICES", "LIKE")) return this.showServices(p);
    if (p.maybeWord("SHOW", "SERVICES", "IN", "COMPUTE", "POOL")) {
      const pool = this.poolName(p);
      return [...this.services.values()].filter((s) => s.pool === pool).map((s) => this.serviceRow(s));
    }
    if (p.maybeWord("DESCRIBE", "SERVICE")) return this.describeService(p);
    if (p.maybeWord("SHOW", "ENDPOINTS", "IN", "SERVICE")) return this.showEndpoints(p);
    if (p.maybeWord("SHOW", "SERVICE", "CONTAINERS", "IN", "SERVICE")) return this.showContainers(p);
    if (p.maybeWord("EXECUTE", "JOB", "SERVICE", "IN", "COMPUTE", "POOL")) return this.executeJob(p);
    if (p.maybeWord("CREATE", "OR", "ALTER", "FUNCTION")) return this.createFunction(p, true);
    if (p.maybeWord("CREATE", "FUNCTION")) return this.createFunction(p, false);
    if (p.maybeWord("ALTER", "FUNCTION")) {
      const fn = this.mustGet(this.functions, this.signature(p), "Function");
      if (p.maybeWord("SET")) fn.comment = p.props().COMMENT as string;
      else {
        p.word("UNSET");
        p.word("COMMENT");
        fn.comment = undefined;
      }
      return ok();
    }
    if (p.maybeWord("DROP", "FUNCTION")) return this.drop(this.functions, this.signature(p), "Function");
    if (p.maybeWord("SHOW", "USER", "FUNCTIONS", "LIKE")) {
      const pat = like(p.str());
      p.word("IN");
      p.word("SCHEMA");
      const schema = p.qualified().parts.join(".");
      return [...this.functions.values()]
        .filter((f) => f.fqn.startsWith(schema + ".") && pat.test(f.fqn.split(".")[2]))
        .map((f) => ({ name: f.fqn.split(".")[2], arguments: `${f.fqn.split(".")[2]}(${f.argTypes.map((t) => t.replace(/\(.*\)$/, "")).join(", ")}) RETURN ${f.returns}`, description: f.comment ?? "user-defined function" }));
    }
    if (p.maybeWord("GRANT", "SERVICE", "ROLE")) return this.grant(p, true);
    if (p.maybeWord("REVOKE", "SERVICE", "ROLE")) return this.grant(p, false);
    if (p.maybeWord("SHOW", "GRANTS", "OF", "SERVICE", "ROLE")) {
      const [svc, role] = this.serviceRole(p);
      return [...this.grants].filter((g) => g.startsWith(`${svc}!${role}>`)).map((g) => ({ role: `${svc}!${role}`, granted_to: "ROLE", grantee_name: g.split(">")[1] }));
    }
    throw err(`fake Snowflake does not understand: ${sql.slice(0, 80)}`);
  }

  // --- compute pools -----------------------------------------------------------------------------

  /** Compute pool names cannot be quoted (create-compute-pool). */
  private poolName(p: Parser): string {
    const id = p.ident();
    if (id.quoted) throw err("SQL compilation error: quoted compute pool names are not supported");
    return id.name;
  }

  private createPool(p: Parser): Row[] {
    const name = this.poolName(p);
    if (this.pools.has(name)) throw err(`SQL compilation error:\nObject '${name}' already exists.`);
    const props = p.props();
    if (!((props.MIN_NODES as number) > 0)) throw err("MIN_NODES must be greater than 0");
    this.pools.set(name, {
      name,
      instanceFamily: String(props.INSTANCE_FAMILY),
      minNodes: props.MIN_NODES as number,
      maxNodes: props.MAX_NODES as number,
      autoResume: props.AUTO_RESUME !== false,
      autoSuspendSecs: (props.AUTO_SUSPEND_SECS as number) ?? 3600,
      comment: props.COMMENT as string | undefined,
      state: props.INITIALLY_SUSPENDED ? "SUSPENDED" : "IDLE",
      stoppingPolls: 0,
    });
    return ok();
  }

  private alterPool(p: Parser): Row[] {
    const pool = this.mustGet(this.pools, this.poolName(p), "Compute pool");
    if (p.maybeWord("SUSPEND")) {
      if (pool.state !== "SUSPENDED") {
        pool.state = "STOPPING";
        pool.stoppingPolls = this.o.poolStoppingPolls;
        for (const s of this.services.values()) if (s.pool === pool.name && !s.isJob) s.status = "SUSPENDED";
      }
      return ok();
    }
    if (p.maybeWord("RESUME")) {
      if (pool.state === "STOPPING") throw err(`Compute pool ${pool.name} is stopping; retry when it is suspended`);
      pool.state = "IDLE";
      for (const s of this.services.values()) if (s.pool === pool.name && s.status === "SUSPENDED") s.status = "RUNNING";
      return ok();
    }
    if (p.maybeWord("UNSET")) {
      p.word("COMMENT");
      pool.comment = undefined;
      return ok();
    }
    p.word("SET");
    const props = p.props();
    if ("INSTANCE_FAMILY" in props && pool.state !== "SUSPENDED") {
      throw err(`Compute pool ${pool.name} must be in SUSPENDED state to change INSTANCE_FAMILY (current state: ${pool.state}).`);
    }
    if ("INSTANCE_FAMILY" in props) pool.instanceFamily = String(props.INSTANCE_FAMILY);
    if ("MIN_NODES" in props) pool.minNodes = props.MIN_NODES as number;
    if ("MAX_NODES" in props) pool.maxNodes = props.MAX_NODES as number;
    if (pool.maxNodes < pool.minNodes) throw err("MAX_NODES must be greater than or equal to MIN_NODES");
    if ("AUTO_RESUME" in props) pool.autoResume = props.AUTO_RESUME as boolean;
    if ("AUTO_SUSPEND_SECS" in props) pool.autoSuspendSecs = props.AUTO_SUSPEND_SECS as number;
    if ("COMMENT" in props) pool.comment = props.COMMENT as string;
    return ok();
  }

  private dropPool(p: Parser): Row[] {
    const pool = this.mustGet(this.pools, this.poolName(p), "Compute pool");
    const running = [...this.services.values()].filter((s) => s.pool === pool.name && !s.isJob);
    if (running.length) throw err(`Cannot drop compute pool ${pool.name} because it has services running (${running.map((s) => s.fqn).join(", ")}).`);
    for (const s of [...this.services.values()]) if (s.pool === pool.name) this.services.delete(s.fqn); // jobs are aborted
    this.pools.delete(pool.name);
    return ok();
  }

  private showPools(pattern: string): Row[] {
    const pat = like(pattern);
    return [...this.pools.values()]
      .filter((x) => pat.test(x.name))
      .map((x) => {
        if (x.state === "STOPPING" && x.stoppingPolls-- <= 0) x.state = "SUSPENDED";
        return {
          name: x.name,
          state: x.state,
          min_nodes: x.minNodes,
          max_nodes: x.maxNodes,
          instance_family: x.instanceFamily,
          num_services: [...this.services.values()].filter((s) => s.pool === x.name).length,
          auto_resume: String(x.autoResume),
          auto_suspend_secs: x.autoSuspendSecs,
          comment: x.comment ?? null,
        };
      });
  }

  // --- image repositories ------------------------------------------------------------------------

  private createRepo(p: Parser): Row[] {
    const fqn = this.fqn(p);
    if (this.repos.has(fqn)) throw err(`SQL compilation error:\nObject '${fqn}' already exists.`);
    const props = p.props();
    const enc = (props.ENCRYPTION as Record<string, unknown>[] | undefined)?.[0]?.TYPE as string | undefined;
    this.repos.set(fqn, { fqn, encryption: enc ?? "SNOWFLAKE_SSE", comment: props.COMMENT as string | undefined });
    return ok();
  }

  private showRepos(p: Parser): Row[] {
    const pat = like(p.str());
    p.word("IN");
    p.word("SCHEMA");
    const schema = p.qualified().parts.join(".");
    return [...this.repos.values()]
      .filter((r) => r.fqn.startsWith(schema + ".") && pat.test(r.fqn.split(".")[2]))
      .map((r) => {
        const [db, sch, name] = r.fqn.split(".");
        return {
          name,
          database_name: db,
          schema_name: sch,
          repository_url: `myorg-myacct.registry.snowflakecomputing.com/${db}/${sch}/${name}`.toLowerCase(),
          encryption: r.encryption,
          comment: r.comment ?? null,
        };
      });
  }

  // --- external access integrations -------------------------------------------------------------

  private createEai(p: Parser): Row[] {
    const name = p.ident().name;
    if (this.eais.has(name)) throw err(`SQL compilation error:\nObject '${name}' already exists.`);
    const props = p.props();
    this.eais.set(name, {
      name,
      rules: props.ALLOWED_NETWORK_RULES as string[],
      secrets: (props.ALLOWED_AUTHENTICATION_SECRETS as string[]) ?? [],
      enabled: props.ENABLED as boolean,
      comment: props.COMMENT as string | undefined,
    });
    return ok();
  }

  private alterEai(p: Parser): Row[] {
    const e = this.mustGet(this.eais, p.ident().name, "Integration");
    if (p.maybeWord("UNSET")) {
      do {
        const what = p.ident().name;
        if (what === "COMMENT") e.comment = undefined;
        else if (what === "ALLOWED_AUTHENTICATION_SECRETS") e.secrets = [];
        else throw err(`fake: cannot unset ${what}`);
      } while (p.maybePunct(","));
      return ok();
    }
    p.word("SET");
    const props = p.props();
    if ("ALLOWED_NETWORK_RULES" in props) e.rules = props.ALLOWED_NETWORK_RULES as string[];
    if ("ALLOWED_AUTHENTICATION_SECRETS" in props) e.secrets = props.ALLOWED_AUTHENTICATION_SECRETS as string[];
    if ("ENABLED" in props) e.enabled = props.ENABLED as boolean;
    if ("COMMENT" in props) e.comment = props.COMMENT as string;
    return ok();
  }

  // --- services ----------------------------------------------------------------------------------

  private createService(p: Parser): Row[] {
    const [database, schema, name] = this.parts(p);
    const fqn = `${database}.${schema}.${name}`;
    p.word("IN");
    p.word("COMPUTE");
    p.word("POOL");
    const pool = this.poolName(p);
    p.word("FROM");
    p.word("SPECIFICATION");
    const specText = p.str();
    const props = p.props();
    if (!this.pools.has(pool)) throw notFound("Compute pool", pool);
    const eais = (props.EXTERNAL_ACCESS_INTEGRATIONS as string[]) ?? [];
    for (const e of eais) if (!this.eais.has(e)) throw notFound("Integration", e);
    if (this.services.has(fqn)) throw err(`SQL compilation error:\nObject '${fqn}' already exists.`);
    const spec = parseYaml(specText);
    const svc: Svc = {
      fqn,
      database,
      schema,
      name,
      pool,
      specText,
      spec,
      isJob: false,
      status: "PENDING",
      minInstances: (props.MIN_INSTANCES as number) ?? 1,
      maxInstances: (props.MAX_INSTANCES as number) ?? (props.MIN_INSTANCES as number) ?? 1,
      minReadyInstances: props.MIN_READY_INSTANCES as number | undefined,
      autoResume: props.AUTO_RESUME !== false,
      autoSuspendSecs: (props.AUTO_SUSPEND_SECS as number) ?? 0,
      queryWarehouse: props.QUERY_WAREHOUSE as string | undefined,
      comment: props.COMMENT as string | undefined,
      eais,
      createdOn: new Date(Date.UTC(2025, 0, 1, 0, 0, ++this.clock)).toISOString(),
      upgradingPolls: 0,
      containers: [],
      endpointPolls: this.o.ingressPendingPolls,
      ingressHost: `${Math.random().toString(36).slice(2, 8)}-myorg-myacct.snowflakecomputing.app`,
    };
    this.startContainers(svc);
    this.services.set(fqn, svc);
    return ok();
  }

  private startContainers(s: Svc): void {
    s.containers = [];
    for (let i = 0; i < s.minInstances; i++) {
      for (const c of s.spec?.spec?.containers ?? []) {
        s.containers.push({ instance: i, name: c.name, image: c.image, status: "PENDING", message: "Pulling image", pendingPolls: this.o.containerPendingPolls });
      }
    }
  }

  private alterService(p: Parser): Row[] {
    const s = this.mustGet(this.services, this.fqn(p), "Service");
    if (s.isJob) throw err("Job services cannot be altered.");
    if (p.maybeWord("FROM", "SPECIFICATION")) {
      s.specText = p.str();
      s.spec = parseYaml(s.specText);
      s.upgradingPolls = 1;
      this.startContainers(s);
      return ok();
    }
    if (p.maybeWord("UNSET")) {
      do {
        const what = p.ident().name;
        if (what === "QUERY_WAREHOUSE") s.queryWarehouse = undefined;
        else if (what === "COMMENT") s.comment = undefined;
        else if (what === "MIN_READY_INSTANCES") s.minReadyInstances = undefined;
        else if (what === "EXTERNAL_ACCESS_INTEGRATIONS") s.eais = [];
        else throw err(`fake: cannot unset ${what}`);
      } while (p.maybePunct(","));
      return ok();
    }
    p.word("SET");
    const props = p.props();
    if ("EXTERNAL_ACCESS_INTEGRATIONS" in props) {
      for (const e of props.EXTERNAL_ACCESS_INTEGRATIONS as string[]) if (!this.eais.has(e)) throw notFound("Integration", e);
      s.eais = props.EXTERNAL_ACCESS_INTEGRATIONS as string[];
    }
    if ("MIN_INSTANCES" in props) s.minInstances = props.MIN_INSTANCES as number;
    if ("MAX_INSTANCES" in props) s.maxInstances = props.MAX_INSTANCES as number;
    if (s.maxInstances < s.minInstances) throw err("MAX_INSTANCES must be greater than or equal to MIN_INSTANCES");
    if ("MIN_READY_INSTANCES" in props) s.minReadyInstances = props.MIN_READY_INSTANCES as number;
    if ("AUTO_RESUME" in props) s.autoResume = props.AUTO_RESUME as boolean;
    if ("AUTO_SUSPEND_SECS" in props) s.autoSuspendSecs = props.AUTO_SUSPEND_SECS as number;
    if ("QUERY_WAREHOUSE" in props) s.queryWarehouse = props.QUERY_WAREHOUSE as string;
    if ("COMMENT" in props) s.comment = props.COMMENT as string;
    if ("MIN_INSTANCES" in props) this.startContainers(s);
    return ok();
  }

  private dropService(p: Parser): Row[] {
    const fqn = this.fqn(p);
    const force = p.maybeWord("FORCE");
    const s = this.mustGet(this.services, fqn, "Service");
    const block = (s.spec?.spec?.volumes ?? []).some((v: { source?: string }) => v.source === "block");
    if (block && !force) throw err(`395085 (22000): Service ${fqn} uses block storage volumes; specify FORCE to drop the service and its volumes.`);
    this.services.delete(fqn);
    for (const g of [...this.grants]) if (g.startsWith(`${fqn}!`)) this.grants.delete(g); // service roles die with the service
    return ok();
  }

  private serviceRow(s: Svc): Row {
    return {
      name: s.name,
      database_name: s.database,
      schema_name: s.schema,
      status: s.status,
      compute_pool: s.pool,
      dns_name: `${s.name.toLowerCase().replace(/_/g, "-")}.${s.schema.toLowerCase()}.${s.database.toLowerCase()}.snowflakecomputing.internal`,
      min_instances: s.minInstances,
      max_instances: s.maxInstances,
      min_ready_instances: s.minReadyInstances ?? s.minInstances,
      auto_resume: String(s.autoResume),
      auto_suspend_secs: s.autoSuspendSecs,
      external_access_integrations: s.eais.length ? JSON.stringify(s.eais) : null,
      query_warehouse: s.queryWarehouse ?? null,
      comment: s.comment ?? null,
      created_on: new Date(s.createdOn),
      is_job: s.isJob,
    };
  }

  private showServices(p: Parser): Row[] {
    const pat = like(p.str());
    p.word("IN");
    p.word("SCHEMA");
    const schema = p.qualified().parts.join(".");
    return [...this.services.values()].filter((s) => `${s.database}.${s.schema}` === schema && pat.test(s.name)).map((s) => this.serviceRow(s));
  }

  private describeService(p: Parser): Row[] {
    const s = this.mustGet(this.services, this.fqn(p), "Service");
    const upgrading = s.upgradingPolls > 0;
    if (upgrading) s.upgradingPolls--;
    // Stored as data and re-serialized: same meaning, different text than what was sent.
    const spec = stringifyYaml(parseYaml(s.specText), { sortMapEntries: true });
    return [{ ...this.serviceRow(s), spec, is_upgrading: upgrading }];
  }

  private showEndpoints(p: Parser): Row[] {
    const s = this.mustGet(this.services, this.fqn(p), "Service");
    const provisioning = s.endpointPolls-- > 0;
    return (s.spec?.spec?.endpoints ?? []).map((e: { name: string; port?: number; public?: boolean; protocol?: string }) => ({
      name: e.name,
      port: e.port ?? null,
      protocol: e.protocol ?? "HTTP",
      is_public: String(!!e.public),
      ingress_url: e.public ? (provisioning ? "Endpoints provisioning in progress... check back in a few minutes" : `${e.name}-${s.ingressHost}`) : null,
    }));
  }

  /** "Quoted names for special characters or case-sensitive names are not supported." */
  private showContainers(p: Parser): Row[] {
    const q = p.qualified();
    if (q.quoted) throw err("SQL compilation error: quoted service names are not supported by SHOW SERVICE CONTAINERS");
    const s = this.mustGet(this.services, q.parts.join("."), "Service");
    if (s.status === "SUSPENDED") return [];
    for (const c of s.containers) {
      if (c.status !== "PENDING") continue;
      if (c.pendingPolls-- > 0) continue;
      if (c.image.includes("broken")) Object.assign(c, { status: "FAILED", message: "Back-off restarting failed container: exit code 1" });
      else Object.assign(c, { status: "READY", message: "Running" });
    }
    if (s.containers.every((c) => c.status === "READY")) s.status = s.isJob ? s.status : "RUNNING";
    return s.containers.map((c) => ({
      database_name: s.database,
      schema_name: s.schema,
      service_name: s.name,
      service_status: s.status,
      instance_id: String(c.instance),
      instance_status: c.status === "READY" ? "READY" : c.status,
      container_name: c.name,
      status: c.status,
      message: c.message ?? null,
      image_name: c.image,
    }));
  }

  private executeJob(p: Parser): Row[] {
    const pool = this.poolName(p);
    p.word("FROM");
    p.word("SPECIFICATION");
    const specText = p.str();
    const props = p.props();
    if (props.ASYNC !== true) throw err("fake: tests only expect ASYNC = TRUE jobs");
    if (!this.pools.has(pool)) throw notFound("Compute pool", pool);
    const [database, schema, name] = String(props.NAME).split(".");
    const fqn = `${database}.${schema}.${name}`;
    if (this.services.has(fqn)) throw err(`SQL compilation error:\nObject '${fqn}' already exists.`);
    const spec = parseYaml(specText);
    const svc: Svc = {
      fqn, database, schema, name, pool, specText, spec, isJob: true, status: "RUNNING",
      minInstances: (props.REPLICAS as number) ?? 1, maxInstances: (props.REPLICAS as number) ?? 1, autoResume: false, autoSuspendSecs: 0,
      eais: (props.EXTERNAL_ACCESS_INTEGRATIONS as string[]) ?? [], createdOn: new Date(Date.UTC(2025, 0, 1, 0, 0, ++this.clock)).toISOString(),
      upgradingPolls: 0, containers: [], endpointPolls: 0, ingressHost: "",
    };
    this.startContainers(svc);
    this.services.set(fqn, svc);
    return [{ status: `Job ${fqn} started` }];
  }

  // --- functions ---------------------------------------------------------------------------------

  private signature(p: Parser): string {
    const fqn = this.parts(p).join(".");
    p.punct("(");
    const types: string[] = [];
    if (!p.maybePunct(")")) {
      do types.push(p.dataType());
      while (p.maybePunct(","));
      p.punct(")");
    }
    return `${fqn}(${types.join(", ")})`;
  }

  private createFunction(p: Parser, orAlter: boolean): Row[] {
    const fqn = this.parts(p).join(".");
    p.punct("(");
    const argTypes: string[] = [];
    if (!p.maybePunct(")")) {
      do {
        p.ident();
        argTypes.push(p.dataType());
      } while (p.maybePunct(","));
      p.punct(")");
    }
    p.word("RETURNS");
    const returns = p.dataType();
    const props = p.props(["AS"]);
    p.word("AS");
    const path = p.str();
    const service = String(props.SERVICE);
    const svc = this.services.get(service);
    if (!svc) throw notFound("Service", service);
    const endpoint = String(props.ENDPOINT);
    if (!(svc.spec?.spec?.endpoints ?? []).some((e: { name: string }) => e.name === endpoint)) throw err(`Endpoint '${endpoint}' does not exist in service ${service}.`);
    const sig = `${fqn}(${argTypes.join(", ")})`;
    const existing = this.functions.get(sig);
    if (existing && !orAlter) throw err(`SQL compilation error:\nObject '${sig}' already exists.`);
    if (existing && (existing.returns !== returns || existing.path !== path)) {
      throw err(`CREATE OR ALTER FUNCTION cannot change the return type or the handler path of ${sig}.`);
    }
    this.functions.set(sig, { fqn, argTypes, returns, service, endpoint, path, props, comment: props.COMMENT as string | undefined });
    return ok();
  }

  // --- grants ------------------------------------------------------------------------------------

  private serviceRole(p: Parser): [string, string] {
    const svc = this.parts(p).join(".");
    p.punct("!");
    const role = p.ident().name;
    return [svc, role];
  }

  private grant(p: Parser, grant: boolean): Row[] {
    const [svc, role] = this.serviceRole(p);
    p.word(grant ? "TO" : "FROM");
    p.word("ROLE");
    const to = p.ident().name;
    const s = this.services.get(svc);
    if (!s) throw notFound("Service", svc);
    const roles = ["ALL_ENDPOINTS_USAGE", ...(s.spec?.serviceRoles ?? []).map((r: { name: string }) => r.name.toUpperCase())];
    if (!roles.includes(role)) throw notFound("Service role", `${svc}!${role}`);
    const key = `${svc}!${role}>${to}`;
    if (grant) this.grants.add(key);
    else this.grants.delete(key);
    return ok();
  }

  // --- helpers -----------------------------------------------------------------------------------

  private parts(p: Parser): [string, string, string] {
    const q = p.qualified();
    if (q.parts.length !== 3) throw err(`fake: expected DB.SCHEMA.NAME, got ${q.parts.join(".")}`);
    return q.parts as [string, string, string];
  }
  private fqn(p: Parser): string {
    return this.parts(p).join(".");
  }
  private mustGet<V>(map: Map<string, V>, key: string, what: string): V {
    const v = map.get(key);
    if (!v) throw notFound(what, key);
    return v;
  }
  private drop<V>(map: Map<string, V>, key: string, what: string): Row[] {
    this.mustGet(map, key, what);
    map.delete(key);
    return ok();
  }
}

const ok = (): Row[] => [{ status: "Statement executed successfully." }];
/** SQL LIKE (case-insensitive in SHOW): `_` one character, `%` any. */
function like(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/_/g, ".").replace(/%/g, ".*")}$`, "i");
}
