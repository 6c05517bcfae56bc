/**
 * Reading a request the Pulumi SDKs' gRPC servers answer without handing it to us: we wrap grpc-js's
 * `Server.prototype.addService` of the very module instance the SDK uses, and when the service holding
 * the RPC is registered, put a handler in front of the SDK's that reads the request, then delegates (so
 * the protocol answer stays the SDK's). A reader that throws fails the RPC with its error.
 *
 * Used for the provider's `Configure` (provider/configure.ts) and the policy pack's `ConfigureStack`
 * (policies/stackConfigure.ts); why each needs it is said there.
 */
import * as path from "path";

export type AddService = (service: Record<string, { path?: string }>, implementation: Record<string, unknown>) => void;
type Handler = (call: { request: unknown }, callback: (err: unknown, resp?: unknown) => void) => void;

/**
 * Makes `serverPrototype.addService` install `onRequest` in front of the implementation's `method`
 * when the service's `method` has the gRPC path `rpcPath`. Returns a function that restores the original.
 */
export function interceptRpc<Request>(serverPrototype: { addService: AddService }, rpcPath: string, method: string, onRequest: (request: Request) => void): () => void {
  const original = serverPrototype.addService;
  serverPrototype.addService = function (this: unknown, service, implementation) {
    const sdkHandler = implementation?.[method];
    if (service?.[method]?.path === rpcPath && typeof sdkHandler === "function") {
      implementation[method] = ((call, callback) => {
        try {
          onRequest(call.request as Request);
        } catch (err) {
          callback(err);
          return;
        }
        (sdkHandler as Handler).call(implementation, call, callback);
      }) satisfies Handler;
    }
    return original.call(this, service, implementation);
  };
  return () => {
    serverPrototype.addService = original;
  };
}

/** grpc-js's `Server.prototype`, resolved from `sdkPackage`'s directory so it is the copy that SDK's server uses. */
export function grpcServerPrototypeOf(sdkPackage: string): { addService: AddService } {
  const dir = path.dirname(require.resolve(`${sdkPackage}/package.json`));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [dir] }));
  return grpc.Server.prototype;
}
