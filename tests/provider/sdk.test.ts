/** Program-side classes: type tokens from the contract, declared outputs, secret provider args. */
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const computed = args.type === "llmstack:spcs:Service" ? { specDigest: "abc", ingressUrls: { api: "x.snowflakecomputing.app" } } : {};
        return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
      },
      call: () => ({}),
    },
    "llmstack",
    "test",
    false,
  );
});

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

it("registers each kind under its llmstack:spcs type token and exposes computed outputs", async () => {
  const sdk = await import("../../provider/sdk");
  const provider = new sdk.Provider("sf", { organizationName: "O", accountName: "A", user: "U", password: "pw" });
  const pool = new sdk.ComputePool("pool", { name: "P", instanceFamily: "CPU_X64_S", minNodes: 1, maxNodes: 1, autoResume: true, autoSuspendSecs: 600 }, { provider });
  const svc = new sdk.Service("svc", {
    database: "D", schema: "S", name: "SVC", computePool: pool.name, externalAccessIntegrations: [], minInstances: 1, maxInstances: 1, autoSuspendSecs: 0, autoResume: true,
    specification: { spec: { containers: [{ name: "c", image: "/d/s/r/i:1" }] } },
  }, { provider });

  expect(await value(svc.specDigest)).toBe("abc");
  expect(await value(svc.ingressUrls)).toEqual({ api: "x.snowflakecomputing.app" });
  expect(sdk.Service.isInstance(svc)).toBe(true);
  expect(sdk.ComputePool.isInstance(svc)).toBe(false);
  expect(sdk.Provider.isInstance(provider)).toBe(true);

  const types = registered.map((r) => r.type);
  expect(types).toEqual(expect.arrayContaining(["pulumi:providers:llmstack", "llmstack:spcs:ComputePool", "llmstack:spcs:Service"]));
  // Output-only properties are declared to the engine (undefined in the registration).
  const svcReg = registered.find((r) => r.type === "llmstack:spcs:Service")!;
  expect(Object.keys(svcReg.inputs)).toEqual(expect.arrayContaining(["specification", "computePool"]));
  // The provider's password reaches the engine as a secret.
  const providerReg = registered.find((r) => r.type === "pulumi:providers:llmstack")!;
  expect(providerReg.inputs.password).toEqual({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "pw" });
  expect(providerReg.inputs.user).toBe("U");
});
