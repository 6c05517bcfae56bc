/**
 * FAKE SNOWFLAKE — an in-memory catalog for tests (and, behind tests/support/emulator, for the real
 * driver over HTTP). NOT Snowflake and not a SQL engine.
 *
 * It implements `SqlClient` by reading ONLY the statements `provider/sql.ts` builds, and models the
 * SPCS behaviour the provider depends on. Every rule sits next to the page or Terraform provider test
 * it reproduces, in one module per object kind under `fake/`:
 * - `fake/pools.ts`: STARTING after CREATE and RESUME, SUSPEND → STOPPING → SUSPENDED suspending the
 *   pool's services, INSTANCE_FAMILY only while SUSPENDED, DROP refused while services remain;
 * - `fake/services.ts` + `fake/lifecycle.ts`: PENDING → containers → RUNNING, NULL container rows while
 *   PENDING or SUSPENDED, asynchronous upgrades (is_upgrading, spec_digest), DESC SERVICE adding the
 *   image `sha256`, DELETING after DROP, FORCE for block volumes, jobs PENDING → RUNNING → DONE;
 * - `fake/integrations.ts`, `fake/repositories.ts`, `fake/functions.ts`, `fake/grants.ts`;
 * - `fake/errors.ts`: Snowflake's error codes (002003, 002002, 001003) on the errors it raises.
 *
 * Time is one tick per statement (`fake/catalog.ts`), so asynchronous changes happen "later" in a
 * deterministic way. What is undocumented and only mirrors the provider's own assumption is marked as
 * such where it is modelled (DESCRIBE INTEGRATION lists, SHOW GRANTS OF SERVICE ROLE).
 */
import { parse as parseYaml } from "yaml";
import type { Row, SqlClient } from "../../provider/client";
import { Catalog, DEFAULT_OPTIONS, type FakeSnowflakeOptions, type Statements } from "./fake/catalog";
import { syntaxError } from "./fake/errors";
import { functionStatements } from "./fake/functions";
import { grantStatements } from "./fake/grants";
import { integrationStatements } from "./fake/integrations";
import { advanceServices } from "./fake/lifecycle";
import { advancePools, poolStatements } from "./fake/pools";
import { repositoryStatements } from "./fake/repositories";
import { serviceStatements } from "./fake/services";
import { Parser, tokenize } from "./fake/sqlParser";

export type { FakeSnowflakeOptions } from "./fake/catalog";

// Longest keyword prefix first, so `CREATE OR ALTER FUNCTION` wins over `CREATE FUNCTION`-like overlaps.
const STATEMENTS: Statements = [...poolStatements, ...repositoryStatements, ...integrationStatements, ...serviceStatements, ...functionStatements, ...grantStatements].sort(
  (a, b) => b[0].length - a[0].length,
);

export class FakeSnowflake implements SqlClient {
  /** Every statement executed, in order. */
  readonly statements: string[] = [];
  readonly catalog: Catalog;
  closed = false;

  constructor(options: FakeSnowflakeOptions = {}) {
    this.catalog = new Catalog({ ...DEFAULT_OPTIONS, ...options });
  }

  get pools() {
    return this.catalog.pools;
  }
  get repos() {
    return this.catalog.repos;
  }
  get eais() {
    return this.catalog.eais;
  }
  get services() {
    return this.catalog.services;
  }
  get functions() {
    return this.catalog.functions;
  }
  get grants() {
    return this.catalog.grants;
  }

  /** Simulates someone running `ALTER SERVICE … FROM SPECIFICATION` outside Pulumi (already rolled out). */
  driftSpec(fqn: string, specText: string): void {
    const s = this.catalog.services.get(fqn);
    if (!s) throw new Error(`fake: no service ${fqn}`);
    s.specText = specText;
    s.spec = parseYaml(specText);
  }

  /** Lets `ticks` statements' worth of time pass without running any. */
  wait(ticks: number): void {
    for (let i = 0; i < ticks; i++) this.advance();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    this.advance();
    const p = new Parser(tokenize(sql));
    for (const [words, handler] of STATEMENTS) if (p.maybeWord(...words)) return handler(this.catalog, p, sql);
    throw syntaxError(`fake Snowflake does not understand: ${sql.slice(0, 80)}`);
  }

  private advance(): void {
    this.catalog.tick++;
    advancePools(this.catalog);
    advanceServices(this.catalog);
  }
}
