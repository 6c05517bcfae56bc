/**
 * Egress: one named allow-list of `host:port` becomes a network rule (MODE = EGRESS, TYPE = HOST_PORT)
 * and an external access integration using it, which the platform role may USE in its services.
 */
import * as pulumi from "@pulumi/pulumi";
import * as snowflake from "@pulumi/snowflake";
import { ExternalAccessIntegration } from "../../provider/sdk";
import { fqn } from "./naming";
import type { RoleProviders } from "./providers";

export interface EgressArgs {
  /** Network rule name (schema object). */
  ruleName: string;
  /** External access integration name (account object). */
  integrationName: string;
  /** VALUE_LIST: `host:port` entries, port 443 by default. Name every host: wildcards are refused by the policy pack. */
  hostPorts: string[];
  database: pulumi.Input<string>;
  schema: pulumi.Input<string>;
  /** Role granted USAGE on the integration (the platform role). */
  grantUsageTo: pulumi.Input<string>;
  /** `platform` creates the network rule; `admin` the integration and its grant (CREATE INTEGRATION is account-level). */
  providers: { admin: RoleProviders; platform: RoleProviders };
  /** Resources the rule must wait for (role, grants, schema). */
  dependsOn?: pulumi.Resource[];
}

export class Egress extends pulumi.ComponentResource {
  /** Integration name, for a service's EXTERNAL_ACCESS_INTEGRATIONS. */
  readonly integrationName: pulumi.Output<string>;
  readonly integration: ExternalAccessIntegration;
  readonly usageGrant: snowflake.GrantPrivilegesToAccountRole;

  constructor(name: string, args: EgressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:Egress", name, {}, opts);
    const rule = new snowflake.NetworkRule(
      `${name}-rule`,
      { database: args.database, schema: args.schema, name: args.ruleName, mode: "EGRESS", type: "HOST_PORT", valueLists: args.hostPorts, comment: "llmstack egress allow-list" },
      { parent: this, provider: args.providers.platform.snowflake, dependsOn: args.dependsOn },
    );
    this.integration = new ExternalAccessIntegration(
      `${name}-integration`,
      {
        name: args.integrationName,
        allowedNetworkRules: pulumi.all([rule.database, rule.schema, rule.name]).apply(([d, s, n]) => [fqn(d, s, n)]),
        enabled: true,
        comment: "llmstack egress",
      },
      { parent: this, provider: args.providers.admin.spcs, deleteBeforeReplace: true },
    );
    this.usageGrant = new snowflake.GrantPrivilegesToAccountRole(
      `${name}-usage`,
      { accountRoleName: args.grantUsageTo, privileges: ["USAGE"], onAccountObject: { objectType: "INTEGRATION", objectName: this.integration.name } },
      { parent: this, provider: args.providers.admin.snowflake },
    );
    this.integrationName = this.integration.name;
    this.registerOutputs({ integrationName: this.integrationName });
  }
}
