/**
 * Finding live objects: `SHOW … LIKE` in the object's container, exact names only. A listing without
 * the object confirms it is gone; a SHOW that fails with 002003 (the container gone or not visible)
 * confirms nothing (absence.ts).
 */
import type { Row } from "./client";
import { NotVisibleError, isDoesNotExistOrNotAuthorized } from "./absence";
import { str, up } from "./rows";
import { computePoolSql, serviceSql, splitQualifiedRef } from "./sql";

export class Lookup {
  constructor(readonly run: (sql: string) => Promise<Row[]>) {}

  /** LIKE is a pattern (`_` is a wildcard): only the exact name counts. */
  async findOne(statement: string, name: string, what: string): Promise<Row | undefined> {
    const rows = await this.run(statement).catch((e) => {
      throw isDoesNotExistOrNotAuthorized(e) ? new NotVisibleError(what, e) : e;
    });
    return rows.find((r) => str(r, "name") === name);
  }

  /** SHOW COMPUTE POOLS is account-level: it fails only on privileges, never on absence. */
  findPool(name: string): Promise<Row | undefined> {
    return this.findOne(computePoolSql.show(name), name, `compute pool ${name}`);
  }

  /** SHOW COMPUTE POOLS `state`, upper-case ("" when not found). */
  async poolState(name: string): Promise<string> {
    return up(str(await this.findPool(name), "state"));
  }

  async serviceExists(fqn: string, what: string): Promise<boolean> {
    const [database, schema, name] = splitQualifiedRef(fqn, "service");
    return (await this.findOne(serviceSql.show({ database, schema, name } as any), name, what)) !== undefined;
  }
}
