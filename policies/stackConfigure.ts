/**
 * How the pack learns the checked stack's config and name from CLIs that do not put them in its environment.
 *
 * Older CLIs started a policy pack with `PULUMI_CONFIG` and `PULUMI_NODEJS_STACK` set (`constructEnv`, which
 * `pulumi.runtime.allConfig()` and `pulumi.getStack()` read). pulumi v3.274.1 starts it with its own environment only
 * and sends the stack's name and decrypted config in the analyzer's `ConfigureStack` RPC, right after start and before
 * any analysis (pulumi/pulumi@v3.274.1:pkg/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer;
 * pkg/engine/update.go builds the request's config). @pulumi/policy 1.21.0's server reads only the tags of that
 * request (server.js `configureStack`). So, as for the provider's Configure, we read the request in front of the
 * SDK's `configureStack` (provider/interceptRpc.ts) and hand its config and stack name to a callback.
 */
import { grpcServerPrototypeOf, interceptRpc, type AddService } from "../provider/interceptRpc";

const CONFIGURE_STACK_PATH = "/pulumirpc.Analyzer/ConfigureStack";

/** The parts of `pulumirpc.AnalyzerStackConfigureRequest` we read. */
export interface ConfigureStackRequestLike {
  getStack(): string;
  getConfigMap(): { forEach(cb: (value: string, key: string) => void): void };
}

/** What the request carries: `ns:key` → value (objects as JSON text), and the stack name. */
export interface StackFromEngine {
  readonly config: Record<string, string>;
  readonly stackName: string;
}

export function stackFromRequest(req: ConfigureStackRequestLike): StackFromEngine {
  const config: Record<string, string> = {};
  req.getConfigMap().forEach((value, key) => (config[key] = value));
  return { config, stackName: req.getStack() };
}

/** Makes `serverPrototype.addService` install `onConfigureStack` in front of the Analyzer's `configureStack`. */
export function interceptConfigureStack(serverPrototype: { addService: AddService }, onConfigureStack: (stack: StackFromEngine) => void): () => void {
  return interceptRpc<ConfigureStackRequestLike>(serverPrototype, CONFIGURE_STACK_PATH, "configureStack", (req) => onConfigureStack(stackFromRequest(req)));
}

/** grpc-js's `Server.prototype`, resolved from @pulumi/policy's directory so it is the copy its server uses. */
export const policyGrpcServerPrototype = () => grpcServerPrototypeOf("@pulumi/policy");
