/**
 * `npm run snowflake:emulator`: the Snowflake emulator (./server.ts) as a standalone process, for the
 * provider plugin and the real Pulumi CLI. Prints one JSON line with its URL and the exact settings
 * to point the llmstack provider at it, then serves until SIGINT/SIGTERM.
 *
 * Environment (all optional):
 * - SNOWFLAKE_EMULATOR_PORT (default: any free port), SNOWFLAKE_EMULATOR_HOST (default 127.0.0.1)
 * - SNOWFLAKE_EMULATOR_ACCOUNT (default EMULATOR-ACCOUNT: organizationName EMULATOR, accountName ACCOUNT)
 * - SNOWFLAKE_EMULATOR_USER / SNOWFLAKE_EMULATOR_PASSWORD (default LLMSTACK / emulator)
 * - SNOWFLAKE_EMULATOR_PUBLIC_KEY_FILE: PEM public key of the user, enables SNOWFLAKE_JWT
 * - SNOWFLAKE_EMULATOR_IN_PROGRESS_MS: how long a request holds a running statement (default 20000)
 */
import { readFileSync } from "node:fs";
import { SnowflakeEmulator } from "./server";

async function main(): Promise<void> {
  const env = process.env;
  const account = env.SNOWFLAKE_EMULATOR_ACCOUNT ?? "EMULATOR-ACCOUNT";
  const user = env.SNOWFLAKE_EMULATOR_USER ?? "LLMSTACK";
  const password = env.SNOWFLAKE_EMULATOR_PASSWORD ?? "emulator";
  const keyFile = env.SNOWFLAKE_EMULATOR_PUBLIC_KEY_FILE;
  const emulator = new SnowflakeEmulator({
    account,
    users: [{ name: user, password, publicKeyPem: keyFile ? readFileSync(keyFile, "utf8") : undefined }],
    host: env.SNOWFLAKE_EMULATOR_HOST ?? "127.0.0.1",
    port: Number(env.SNOWFLAKE_EMULATOR_PORT ?? 0),
    inProgressAfterMs: env.SNOWFLAKE_EMULATOR_IN_PROGRESS_MS ? Number(env.SNOWFLAKE_EMULATOR_IN_PROGRESS_MS) : undefined,
  });
  const where = await emulator.start();
  const [organizationName, ...rest] = account.split("-");
  process.stdout.write(
    JSON.stringify({
      url: where.url,
      settings: { organizationName, accountName: rest.join("-"), user, host: where.host, protocol: "http", port: String(where.port) },
      env: {
        SNOWFLAKE_ORGANIZATION_NAME: organizationName,
        SNOWFLAKE_ACCOUNT_NAME: rest.join("-"),
        SNOWFLAKE_USER: user,
        SNOWFLAKE_PASSWORD: password,
        SNOWFLAKE_HOST: where.host,
        SNOWFLAKE_PROTOCOL: "http",
        SNOWFLAKE_PORT: String(where.port),
      },
    }) + "\n",
  );
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  process.stderr.write(`snowflake emulator: ${(e as Error).message ?? e}\n`);
  process.exit(1);
});
