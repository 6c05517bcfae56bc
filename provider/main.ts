/**
 * Entry point of the `pulumi-resource-llmstack` plugin (`provider/bin/pulumi-resource-llmstack`
 * runs the compiled `dist/provider/main.js`). Importing this module does nothing; running it
 * serves the provider over gRPC to the Pulumi engine.
 */
import { PROVIDER_PACKAGE } from "./resources";
import { SpcsProvider } from "./provider";
import { SnowflakeSqlClient } from "./client";
import { connectionOptions } from "./auth";
import { interceptConfigure, pulumiGrpcServerPrototype } from "./configure";

/** Our package version (Pulumi wants semver from GetPluginInfo). */
function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../../package.json").version ?? "0.1.0";
  } catch {
    return "0.1.0";
  }
}

/** Builds the provider, installs the Configure interception, and serves until the engine hangs up. */
export async function run(args: string[]): Promise<void> {
  const provider = new SpcsProvider({
    version: packageVersion(),
    clientFactory: (settings) => new SnowflakeSqlClient(connectionOptions(settings)),
  });
  // Must happen before `main` creates the gRPC server and registers the ResourceProvider service.
  interceptConfigure(pulumiGrpcServerPrototype(), PROVIDER_PACKAGE, (config) => provider.configure(config));
  const { main } = await import("@pulumi/pulumi/provider");
  await main(provider, args);
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((err) => {
    // Message only: errors from connection setup never carry credentials (client.ts).
    process.stderr.write(`pulumi-resource-llmstack: ${(err as Error)?.message ?? err}\n`);
    process.exit(1);
  });
}
