/**
 * The role-scoped providers the platform deploys with. Least privilege: each object is created by
 * the least powerful role that can create it, so only integrations, compute pools and account-level
 * grants run as the admin role.
 */
import * as pulumi from "@pulumi/pulumi";
import * as snowflake from "@pulumi/snowflake";
import { Provider as SpcsProvider } from "../../provider/sdk";

/** Connection settings shared by every provider; secrets stay Pulumi secrets. */
export interface SnowflakeConnection {
  organizationName?: pulumi.Input<string>;
  accountName?: pulumi.Input<string>;
  user?: pulumi.Input<string>;
  authenticator?: pulumi.Input<string>;
  host?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  privateKey?: pulumi.Input<string>;
  privateKeyPassphrase?: pulumi.Input<string>;
  token?: pulumi.Input<string>;
}

/** Read the connection from the `snowflake:*` stack config, which `pulumi config set snowflake:…` writes. */
export function connectionFromConfig(): SnowflakeConnection {
  const c = new pulumi.Config("snowflake");
  return {
    organizationName: c.get("organizationName"),
    accountName: c.get("accountName"),
    user: c.get("user"),
    authenticator: c.get("authenticator"),
    host: c.get("host"),
    password: c.getSecret("password"),
    privateKey: c.getSecret("privateKey"),
    privateKeyPassphrase: c.getSecret("privateKeyPassphrase"),
    token: c.getSecret("token"),
  };
}

/** One role's pair of providers: @pulumi/snowflake for what it has, ours for the SPCS objects. */
export interface RoleProviders {
  readonly role: string;
  readonly snowflake: snowflake.Provider;
  readonly spcs: SpcsProvider;
}

/** Network rules are a preview resource in @pulumi/snowflake 1.3.0 (terraform-provider-snowflake v1.2.1). */
const PREVIEW_FEATURES = ["snowflake_network_rule_resource", "snowflake_secret_with_generic_string_resource", "snowflake_stage_resource"];

export function roleProviders(
  name: string,
  role: string,
  conn: SnowflakeConnection,
  warehouse: pulumi.Input<string> | undefined,
  opts: pulumi.ResourceOptions,
): RoleProviders {
  const common = { ...conn, role, warehouse };
  return {
    role,
    snowflake: new snowflake.Provider(`${name}-snowflake`, { ...common, previewFeaturesEnabled: PREVIEW_FEATURES }, opts),
    spcs: new SpcsProvider(`${name}-spcs`, common, opts),
  };
}
