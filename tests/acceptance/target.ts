/**
 * Where the acceptance suite runs: the Snowflake emulator (default), or a real account when
 * SNOWFLAKE_ACCOUNT_NAME is set. On a real account it creates only tiny CPU objects, named
 * `LLMSTACK_ACC_<run id>`, and drops them at the end, pass or fail. It needs:
 * - the `SNOWFLAKE_*` connection variables (README "Supported authentication"); the role must be able to
 *   create compute pools and services, e.g. the platform role plus CREATE COMPUTE POOL;
 * - LLMSTACK_ACCEPTANCE_DATABASE, LLMSTACK_ACCEPTANCE_SCHEMA: an existing schema to work in;
 * - LLMSTACK_ACCEPTANCE_IMAGE: `/db/schema/repo/image:tag` of an image already pushed to the account that
 *   answers HTTP 200 on port 8080 at `/healthcheck` (e.g. the SPCS tutorial's echo service);
 * - LLMSTACK_ACCEPTANCE_GRANTEE: an existing role to grant the service role to.
 */
import { randomBytes } from "node:crypto";
import { SnowflakeEmulator } from "../support/emulator/server";

export interface Target {
  kind: "emulator" | "account";
  /** Provider config for Configure (the plugin also reads SNOWFLAKE_* from its environment). */
  config: Record<string, unknown>;
  /** Connection settings for direct SQL checks. */
  settings: Record<string, string>;
  /** Environment for the plugin process. */
  pluginEnv: Record<string, string>;
  database: string;
  schema: string;
  image: string;
  grantee: string;
  /** Unique per run. */
  prefix: string;
  stop(): Promise<void>;
}

const required = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`acceptance on a real account needs ${name} (see tests/acceptance/target.ts)`);
  return v;
};

export async function startTarget(): Promise<Target> {
  const prefix = `LLMSTACK_ACC_${randomBytes(3).toString("hex").toUpperCase()}`;
  if (process.env.SNOWFLAKE_ACCOUNT_NAME) {
    return {
      kind: "account",
      config: {},
      settings: {},
      pluginEnv: {},
      database: required("LLMSTACK_ACCEPTANCE_DATABASE"),
      schema: required("LLMSTACK_ACCEPTANCE_SCHEMA"),
      image: required("LLMSTACK_ACCEPTANCE_IMAGE"),
      grantee: required("LLMSTACK_ACCEPTANCE_GRANTEE"),
      prefix,
      stop: async () => undefined,
    };
  }
  const emulator = new SnowflakeEmulator({ account: "ACCEPT-EMULATOR", users: [{ name: "DEPLOYER", password: "emulator" }] });
  const where = await emulator.start();
  const settings = { organizationName: "ACCEPT", accountName: "EMULATOR", user: "DEPLOYER", password: "emulator", host: where.host, protocol: "http", port: String(where.port) };
  return {
    kind: "emulator",
    config: settings,
    settings,
    pluginEnv: { LLMSTACK_POLL_INTERVAL_MS: "50" },
    database: "ACC_DB",
    schema: "ACC",
    image: "/acc_db/acc/images/echo:1",
    grantee: "ACC_CALLER",
    prefix,
    stop: () => emulator.stop(),
  };
}
