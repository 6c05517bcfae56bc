/** How the pack learns the stack's config and name: the analyzer's ConfigureStack request, read before the SDK answers. */
import * as anrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as anproto from "@pulumi/pulumi/proto/analyzer_pb";
import { interceptConfigureStack, policyGrpcServerPrototype, type StackFromEngine } from "../../policies/stackConfigure";

function fakeServer() {
  const fake = { registered: undefined as any, addService(_service: unknown, impl: unknown) { fake.registered = impl; } };
  return fake;
}

test("the stack's name and config are read from ConfigureStack, then the SDK answers", () => {
  const server = fakeServer();
  const original = server.addService;
  const seen: StackFromEngine[] = [];
  const restore = interceptConfigureStack(server as any, (s) => seen.push(s));
  const sdkConfigureStack = jest.fn((_call: unknown, cb: (e: unknown, r?: unknown) => void) => cb(null, "sdk-response"));
  server.addService(anrpc.AnalyzerService, { configureStack: sdkConfigureStack });

  const request = new anproto.AnalyzerStackConfigureRequest();
  request.setStack("prod");
  request.getConfigMap().set("llmstack:environment", "prod");
  const callback = jest.fn();
  server.registered.configureStack({ request }, callback);

  expect(seen).toEqual([{ stackName: "prod", config: { "llmstack:environment": "prod" } }]);
  expect(callback).toHaveBeenCalledWith(null, "sdk-response");
  restore();
  expect(server.addService).toBe(original);
});

test("a reader that throws fails the RPC with its error, and the SDK is not called; other services are left alone", () => {
  const server = fakeServer();
  interceptConfigureStack(server as any, () => {
    throw new Error("bad config");
  });
  const sdkConfigureStack = jest.fn();
  server.addService(anrpc.AnalyzerService, { configureStack: sdkConfigureStack });
  const callback = jest.fn();
  server.registered.configureStack({ request: new anproto.AnalyzerStackConfigureRequest() }, callback);
  expect(callback).toHaveBeenCalledWith(expect.objectContaining({ message: "bad config" }));
  expect(sdkConfigureStack).not.toHaveBeenCalled();

  const other = { configureStack: jest.fn() };
  server.addService({ configureStack: { path: "/other.Service/ConfigureStack" } }, other);
  expect(server.registered.configureStack).toBe(other.configureStack);
  // The copy of grpc-js that @pulumi/policy's server registers its services with.
  expect(typeof policyGrpcServerPrototype().addService).toBe("function");
});
