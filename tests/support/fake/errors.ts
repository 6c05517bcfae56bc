/**
 * FAKE SNOWFLAKE: the errors it raises, with Snowflake's error codes and SQL states, so the provider's
 * handling of codes (provider/client.ts `SnowflakeError`) is exercised the way the driver reports them.
 *
 * - 002003 / 02000 "SQL compilation error: <type> '<name>' does not exist or not authorized.":
 *   https://docs.snowflake.com/en/user-guide/budgets (troubleshooting: "002003 (02000): SQL compilation
 *   error: <object_type> '<object_name>' does not exist or not authorized.").
 * - 002002 / 42710 "SQL compilation error:\nObject '<name>' already exists.":
 *   https://docs.snowflake.com/en/sql-reference/identifiers-syntax (example output).
 * - 001003 / 42000 syntax errors: Snowflake-Labs/terraform-provider-snowflake@v1.2.1
 *   pkg/sdk/testint/grants_integration_test.go ("001003 (42000): SQL compilation error").
 * - Anything else the fake refuses is a documented rule without a documented code: it gets no code.
 */
import { SnowflakeError } from "../../../provider/client";

export const notFound = (what: string, name: string) =>
  new SnowflakeError(`SQL compilation error:\n${what} '${name}' does not exist or not authorized.`, "002003", "02000");
export const alreadyExists = (name: string) => new SnowflakeError(`SQL compilation error:\nObject '${name}' already exists.`, "002002", "42710");
export const syntaxError = (what: string) => new SnowflakeError(`SQL compilation error: ${what}`, "001003", "42000");
/** A documented rule broken (the message says which); Snowflake's code for it is not documented. */
export const refused = (message: string) => new SnowflakeError(message);
