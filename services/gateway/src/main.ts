/**
 * Entry point of the gateway container: reads the environment, listens, and shuts down gracefully on
 * SIGTERM (what SPCS sends when it stops or upgrades a service) or SIGINT.
 * Exit codes: 0 after a clean shutdown, 1 on a runtime failure, 2 on invalid configuration.
 */
import { ConfigError, GatewayConfig, loadConfig } from "./config";
import { createJsonLogger } from "./logger";
import { createGateway } from "./server";
import { GATEWAY_VERSION } from "./version";

function main(): void {
  let config: GatewayConfig;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`llmstack-gateway: ${e.message}\n`);
    process.exit(2);
  }
  const log = createJsonLogger(config.logLevel);
  const { upstreamApiKey, ...shown } = config;
  const gateway = createGateway({ ...config, logger: log });

  gateway.server.on("error", (e) => {
    log.error("server error", { error: e.message });
    process.exit(1);
  });
  gateway.server.listen(config.port, config.host, () => {
    log.info("listening", { version: GATEWAY_VERSION, ...shown, upstreamApiKey: upstreamApiKey ? "(set)" : "(unset)" });
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn("second signal: exiting without waiting", { signal });
      process.exit(1);
    }
    stopping = true;
    log.info("shutting down: finishing in-flight batches", { signal, ...gateway.stats() });
    gateway.close().then(
      () => {
        log.info("shut down");
        process.exit(0);
      },
      (e: unknown) => {
        log.error("shutdown failed", { error: String(e) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
