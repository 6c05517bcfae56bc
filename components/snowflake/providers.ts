/**
 * The role-scoped providers the platform deploys with. Least privilege: each object is created by
 * the least powerful role that can create it, so only integrations, compute pools and account-level
 * grants run as the admin role.
 */
import * as pulumi from "@pulumi/pulumi";
import * as snowflake from "@pulumi/snowflake";
import { Provider as SpcsProvider } from "../../provider/sdk";
import { SETTING_ENV_VARS, inferAuthenticator, sharedAuthProblems, type AuthShape } from "../../provider/auth";
import { PREVIEW_FEATURES } from "./previewFeatures";

/** Connection settings shared by every provider; secrets stay Pulumi secrets. */
export interface SnowflakeConnection {
  organizationName?: pulumi.Input<string>;
  accountName?: pulumi.Input<string>;
  user?: pulumi.Input<string>;
  /** Explicit, so both providers use the same one (see `provider/auth.ts`). */
  authenticator?: pulumi.Input<string>;
  host?: pulumi.Input<string>;
  protocol?: pulumi.Input<string>;
  port?: pulumi.Input<number>;
  password?: pulumi.Input<string>;
  privateKey?: pulumi.Input<string>;
  privateKeyPassphrase?: pulumi.Input<string>;
  token?: pulumi.Input<string>;
}

const PLAIN = ["organizationName", "accountName", "user", "authenticator", "host", "protocol", "privateKeyPath"] as const;
const SECRET = ["password", "privateKey", "privateKeyPassphrase", "token"] as const;

/**
 * Read the connection from the `snowflake:*` stack config, which `pulumi config set snowflake:…`
 * writes, refusing (before any resource exists) a combination that one of the two providers would
 * reject. Unset keys fall back to the `SNOWFLAKE_*` variables in both providers, so the check sees
 * them too. The authenticator is made explicit: @pulumi/snowflake does not infer key-pair auth.
 */
export function connectionFromConfig(env: Readonly<Record<string, string | undefined>> = process.env): SnowflakeConnection {
  const c = new pulumi.Config("snowflake");
  const shape: AuthShape = {};
  const fromEnv = (k: keyof typeof SETTING_ENV_VARS) => {
    const name = SETTING_ENV_VARS[k];
    return name ? env[name] || undefined : undefined;
  };
  for (const k of PLAIN) {
    const v = c.get(k) ?? (k === "privateKeyPath" ? undefined : fromEnv(k));
    if (v !== undefined) shape[k] = v;
  }
  const port = c.getNumber("port") ?? (fromEnv("port") !== undefined ? Number(fromEnv("port")) : undefined);
  if (port !== undefined) shape.port = String(port);
  const secrets = Object.fromEntries(SECRET.map((k) => [k, c.getSecret(k)])) as Record<(typeof SECRET)[number], pulumi.Output<string> | undefined>;
  for (const k of SECRET) if (secrets[k] !== undefined || fromEnv(k) !== undefined) shape[k] = true;

  const problems = sharedAuthProblems(shape, { configPrefix: "snowflake", requireCredentials: false });
  if (problems.length) throw new Error(`Snowflake connection settings: ${problems.join("; ")}`);
  const has = (k: "password" | "privateKey" | "token") => (shape[k] ? "set" : undefined);
  return {
    organizationName: c.get("organizationName"),
    accountName: c.get("accountName"),
    user: c.get("user"),
    authenticator: inferAuthenticator({ authenticator: shape.authenticator as string | undefined, password: has("password"), privateKey: has("privateKey"), token: has("token") }),
    host: c.get("host"),
    protocol: c.get("protocol"),
    port: c.getNumber("port"),
    ...secrets,
  };
}

/** One role's pair of providers: @pulumi/snowflake for what it has, ours for the SPCS objects. */
export interface RoleProviders {
  readonly role: string;
  readonly snowflake: snowflake.Provider;
  readonly spcs: SpcsProvider;
}

export function roleProviders(
  name: string,
  role: string,
  conn: SnowflakeConnection,
  warehouse: pulumi.Input<string> | undefined,
  opts: pulumi.ResourceOptions,
): RoleProviders {
  const common = { ...conn, role, warehouse };
  const port = conn.port === undefined ? undefined : pulumi.output(conn.port).apply(String);
  return {
    role,
    snowflake: new snowflake.Provider(`${name}-snowflake`, { ...common, previewFeaturesEnabled: [...PREVIEW_FEATURES] }, opts),
    spcs: new SpcsProvider(`${name}-spcs`, { ...common, port }, opts),
  };
}
