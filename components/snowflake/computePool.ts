/** An SPCS compute pool and the privileges the platform role needs on it (USAGE, MONITOR, OPERATE). */
import * as pulumi from "@pulumi/pulumi";
import * as snowflake from "@pulumi/snowflake";
import { ComputePool as SpcsComputePool } from "../../provider/sdk";
import type { RoleProviders } from "./providers";

export interface ComputePoolArgs {
  /** `CREATE COMPUTE POOL <name>` (account object; unquoted identifier). */
  poolName: string;
  /** INSTANCE_FAMILY, e.g. GPU_NV_S; see catalog/instanceFamilies.ts. */
  instanceFamily: string;
  /** MIN_NODES (>= 1). @default 1 */
  minNodes?: number;
  /** MAX_NODES. @default minNodes */
  maxNodes?: number;
  /** AUTO_RESUME. @default true */
  autoResume?: boolean;
  /** AUTO_SUSPEND_SECS; 0 = never. @default 600 */
  autoSuspendSecs?: number;
  /** INITIALLY_SUSPENDED (create-only). @default false */
  initiallySuspended?: boolean;
  /** Role granted USAGE, MONITOR and OPERATE (start services, watch, suspend/resume). */
  grantTo: pulumi.Input<string>;
  /** Keep the pool if it leaves the config or the stack is destroyed. @default false */
  retainOnDelete?: boolean;
  /** Creates the pool and the grants (CREATE COMPUTE POOL is account-level). */
  provider: RoleProviders;
}

/** What the platform role may do with a pool: run services (USAGE), see state (MONITOR), suspend/resume (OPERATE). */
export const POOL_PRIVILEGES = ["USAGE", "MONITOR", "OPERATE"];

export class ComputePool extends pulumi.ComponentResource {
  readonly poolName: pulumi.Output<string>;
  readonly pool: SpcsComputePool;
  readonly grant: snowflake.GrantPrivilegesToAccountRole;

  constructor(name: string, args: ComputePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:ComputePool", name, {}, opts);
    const minNodes = args.minNodes ?? 1;
    this.pool = new SpcsComputePool(
      `${name}-pool`,
      {
        name: args.poolName,
        instanceFamily: args.instanceFamily,
        minNodes,
        maxNodes: args.maxNodes ?? minNodes,
        autoResume: args.autoResume ?? true,
        autoSuspendSecs: args.autoSuspendSecs ?? 600,
        initiallySuspended: args.initiallySuspended ?? false,
        comment: "llmstack compute pool",
      },
      {
        parent: this,
        provider: args.provider.spcs,
        deleteBeforeReplace: true,
        ...(args.retainOnDelete ? { protect: true, retainOnDelete: true } : {}),
      },
    );
    this.grant = new snowflake.GrantPrivilegesToAccountRole(
      `${name}-grant`,
      { accountRoleName: args.grantTo, privileges: POOL_PRIVILEGES, onAccountObject: { objectType: "COMPUTE POOL", objectName: this.pool.name } },
      { parent: this, provider: args.provider.snowflake },
    );
    this.poolName = this.pool.name;
    this.registerOutputs({ poolName: this.poolName });
  }
}
