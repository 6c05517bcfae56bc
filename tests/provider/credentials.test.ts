/** How credentials reach the provider: Configure interception, config → env resolution, driver options. */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ConnectionConfigError, connectionOptions, describeSettings, resolveSettings } from "../../provider/auth";
import { configFromRequest, interceptConfigure, pulumiGrpcServerPrototype } from "../../provider/configure";
import { SpcsProvider } from "../../provider/provider";
import { FakeSnowflake } from "../support/fakeSnowflake";

const SECRET = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/** A real pulumirpc.ConfigureRequest as the engine sends it: args Struct with secrets, and variables. */
function configureRequest(args: Record<string, unknown>, variables: Record<string, string>) {
  const req = new provproto.ConfigureRequest();
  req.setArgs(Struct.fromJavaScript(args as any));
  for (const [k, v] of Object.entries(variables)) req.getVariablesMap().set(k, v);
  return req;
}

describe("Configure interception", () => {
  it("reads args (secrets unwrapped) over variables from the ConfigureRequest, then lets the SDK answer", () => {
    let registered: any;
    const fakePrototype = { addService(_service: unknown, impl: unknown) { registered = impl; } };
    const original = fakePrototype.addService;
    const seen: Record<string, string>[] = [];
    const restore = interceptConfigure(fakePrototype as any, "llmstack", (c) => seen.push(c));

    const sdkConfigure = jest.fn((_call: unknown, cb: (e: unknown, r?: unknown) => void) => cb(null, "sdk-response"));
    fakePrototype.addService(provrpc.ResourceProviderService, { configure: sdkConfigure });

    const callback = jest.fn();
    const request = configureRequest(
      { organizationName: "MYORG", accountName: "ACCT", user: "DEPLOYER", password: SECRET("hunter2"), version: "0.1.0" },
      { "llmstack:config:user": "IGNORED", "llmstack:config:warehouse": "WH", "other:config:x": "y" },
    );
    registered.configure({ request }, callback);

    expect(seen).toEqual([{ organizationName: "MYORG", accountName: "ACCT", user: "DEPLOYER", password: "hunter2", warehouse: "WH" }]);
    expect(sdkConfigure).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith(null, "sdk-response");
    restore();
    expect(fakePrototype.addService).toBe(original);
  });

  it("leaves other services alone and patches the grpc-js copy @pulumi/pulumi itself uses", () => {
    expect(pulumiGrpcServerPrototype()).toBe(grpc.Server.prototype);
    let registered: any;
    const fakePrototype = { addService(_s: unknown, impl: unknown) { registered = impl; } };
    interceptConfigure(fakePrototype as any, "llmstack", () => { throw new Error("must not be called"); });
    const impl = { configure: jest.fn() };
    fakePrototype.addService({ configure: { path: "/other.Service/Configure" } }, impl);
    expect(registered.configure).toBe(impl.configure);
  });

  it("drops preview-time unknowns instead of configuring with them", () => {
    const req = configureRequest({ accountName: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, { "llmstack:config:accountName": "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    expect(configFromRequest(req, "llmstack")).toEqual({});
  });
});

describe("settings resolution and driver options", () => {
  const env = { SNOWFLAKE_ORGANIZATION_NAME: "ENVORG", SNOWFLAKE_ACCOUNT_NAME: "ENVACCT", SNOWFLAKE_USER: "ENVUSER", SNOWFLAKE_PASSWORD: "envpw", SNOWFLAKE_ROLE: "" };

  it("takes each key from provider config first, then the SNOWFLAKE_* variable; empty means unset", () => {
    expect(resolveSettings({ user: "CFGUSER", role: "", warehouse: "WH" }, env)).toEqual({
      organizationName: "ENVORG", accountName: "ENVACCT", user: "CFGUSER", password: "envpw", warehouse: "WH",
    });
  });

  it("maps password, key-pair, OAuth, MFA and browser auth, and infers key-pair and OAuth from the credential", () => {
    const base = { organizationName: "O", accountName: "A", user: "U" };
    expect(connectionOptions({ ...base, password: "pw" })).toMatchObject({ account: "O-A", authenticator: "SNOWFLAKE", username: "U", password: "pw" });
    expect(connectionOptions({ ...base, privateKey: "-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----", privateKeyPassphrase: "pp" })).toMatchObject({
      authenticator: "SNOWFLAKE_JWT",
      privateKey: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
      privateKeyPass: "pp",
    });
    expect(connectionOptions({ organizationName: "O", accountName: "A", token: "t" })).toMatchObject({ authenticator: "OAUTH", token: "t" });
    expect(connectionOptions({ ...base, authenticator: "usernamepasswordmfa", password: "pw" })).toMatchObject({ authenticator: "USERNAME_PASSWORD_MFA", password: "pw" });
    expect(connectionOptions({ ...base, authenticator: "externalbrowser" })).toMatchObject({ authenticator: "EXTERNALBROWSER" });
    expect(connectionOptions({ user: "U", password: "pw", host: "o-a.privatelink.snowflakecomputing.com" })).toMatchObject({ account: "o-a", accessUrl: "https://o-a.privatelink.snowflakecomputing.com" });
    // A local emulator: scheme and port as separate settings, the way terraform-provider-snowflake takes them.
    expect(connectionOptions({ ...base, password: "pw", host: "127.0.0.1", protocol: "http", port: "8123" })).toMatchObject({ account: "O-A", accessUrl: "http://127.0.0.1:8123" });
    // llmstack alone may read a key file; the program refuses it (tests/snowflake/providers.test.ts).
    expect(connectionOptions({ ...base, privateKeyPath: "/k.p8" })).toMatchObject({ authenticator: "SNOWFLAKE_JWT", privateKeyPath: "/k.p8" });
  });

  it("refuses what @pulumi/snowflake 1.3.0 would refuse, and never reads SNOWFLAKE_PRIVATE_KEY_PATH", () => {
    const base = { organizationName: "O", accountName: "A", user: "U" };
    expect(() => connectionOptions({ ...base, authenticator: "programmatic_access_token", token: "pat" })).toThrow(/"programmatic_access_token".*llmstack:password with authenticator SNOWFLAKE/);
    expect(() => connectionOptions({ ...base, authenticator: "JWT", privateKey: "k" })).toThrow(/use SNOWFLAKE_JWT/);
    expect(() => connectionOptions({ ...base, authenticator: "SNOWFLAKE_JWT", privateKey: "k", token: "t" })).toThrow(/always|authenticates with OAUTH/);
    expect(() => connectionOptions({ ...base, privateKey: "k", password: "pw" })).toThrow(/either llmstack:privateKey .* or llmstack:password/);
    expect(resolveSettings({}, { SNOWFLAKE_PRIVATE_KEY_PATH: "/keys/k.p8" })).toEqual({});
  });

  it("explains what is missing without ever printing a credential", () => {
    const msg = (s: object) => {
      try {
        connectionOptions(s);
      } catch (e) {
        expect(e).toBeInstanceOf(ConnectionConfigError);
        return (e as Error).message;
      }
      throw new Error("expected a failure");
    };
    expect(msg({ user: "U", password: "s3cret" })).toMatch(/llmstack:organizationName or SNOWFLAKE_ORGANIZATION_NAME/);
    expect(msg({ organizationName: "O", accountName: "A", user: "U" })).toMatch(/SNOWFLAKE authentication needs llmstack:password or SNOWFLAKE_PASSWORD/);
    expect(msg({ organizationName: "O", accountName: "A", password: "s3cret" })).toMatch(/needs llmstack:user or SNOWFLAKE_USER/);
    expect(msg({ organizationName: "O", accountName: "A", user: "U", authenticator: "okta", password: "s3cret" })).not.toContain("s3cret");
    expect(describeSettings({ user: "U", password: "s3cret", token: "tok" })).toBe("user=U, password=<set>, token=<set>");
  });

  it("builds the SQL client from configured settings, falling back to the environment, and rebuilds it on reconfigure", async () => {
    const fakes: FakeSnowflake[] = [];
    const factory = jest.fn(() => {
      fakes.push(new FakeSnowflake());
      return fakes.at(-1)!;
    });
    const provider = new SpcsProvider({ clientFactory: factory, env, pollIntervalMs: 0 });
    provider.configure({ user: "CFGUSER", privateKey: "pem" });
    await provider.read("P", "urn:pulumi:dev::p::llmstack:spcs:ComputePool::p", { name: "P" });
    expect(factory).toHaveBeenLastCalledWith(expect.objectContaining({ organizationName: "ENVORG", user: "CFGUSER", privateKey: "pem", password: "envpw" }));
    provider.configure({ user: "OTHER" });
    await provider.read("P", "urn:pulumi:dev::p::llmstack:spcs:ComputePool::p", { name: "P" });
    expect(factory).toHaveBeenCalledTimes(2);
    expect(fakes[0].closed).toBe(true);
  });
});
