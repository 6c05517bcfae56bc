/**
 * A generic SPCS service: any containers (e.g. seed 003's filter service with its `/ui` endpoint),
 * who may reach its endpoints (service role grants), and the SQL service functions bound to it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as snowflake from "@pulumi/snowflake";
import type { FunctionArg, ServiceSpecification } from "../../provider/resources";
import { Service as SpcsService, ServiceFunction, ServiceRoleGrant } from "../../provider/sdk";
import { ALL_ENDPOINTS_USAGE, fqn, quotedFqn } from "./naming";
import { defaultServiceAutoSuspendSecs } from "../../provider/limits";
import type { RoleProviders } from "./providers";

export { ALL_ENDPOINTS_USAGE } from "./naming";

export interface ServiceFunctionArgs {
  /** `CREATE FUNCTION <name>` in the service's schema. */
  name: string;
  /** Arguments (name and SQL type). @default [] */
  args?: FunctionArg[];
  /** RETURNS type. @default "VARCHAR" */
  returns?: string;
  /** ENDPOINT: a name from the spec's endpoints. */
  endpoint: string;
  /** `AS '<path>'`: the HTTP path on the endpoint. */
  path: string;
  /** MAX_BATCH_ROWS. @default Snowflake's choice */
  maxBatchRows?: number;
  /** MAX_BATCH_RETRIES. @default Snowflake's (3) */
  maxBatchRetries?: number;
  /** ON_BATCH_FAILURE. @default Snowflake's (ABORT) */
  onBatchFailure?: "ABORT" | "RETURN_NULL";
  /** BATCH_TIMEOUT_SECS. @default Snowflake's */
  batchTimeoutSecs?: number;
  /** Roles granted USAGE on the function. @default [] */
  grantUsageTo?: string[];
}

export interface ServiceArgs {
  /** `CREATE SERVICE <name>` (schema object). */
  serviceName: string;
  database: pulumi.Input<string>;
  schema: pulumi.Input<string>;
  /** IN COMPUTE POOL; changing it replaces the service (new ingress URL). */
  computePool: pulumi.Input<string>;
  /** The spec (rendered to YAML by the provider and validated against the SPCS specification reference). */
  specification: pulumi.Input<ServiceSpecification>;
  /** EXTERNAL_ACCESS_INTEGRATIONS. @default [] */
  externalAccessIntegrations?: pulumi.Input<string>[];
  /** MIN_INSTANCES. @default 1 */
  minInstances?: number;
  /** MAX_INSTANCES. @default minInstances */
  maxInstances?: number;
  /**
   * AUTO_SUSPEND_SECS: 0 = never, else >= 300; Snowflake does not support it on services with a public
   * endpoint (provider/limits.ts). @default 1800, or 0 when the spec has a public endpoint
   */
  autoSuspendSecs?: number;
  /** AUTO_RESUME: a call to a suspended service resumes it. @default true */
  autoResume?: boolean;
  /** QUERY_WAREHOUSE for SQL the containers run. @default none */
  queryWarehouse?: pulumi.Input<string>;
  /** Roles granted ALL_ENDPOINTS_USAGE (who may reach the endpoints). @default [] */
  endpointRoles?: string[];
  /** Service functions bound to the service. @default [] */
  functions?: ServiceFunctionArgs[];
  /** The platform role's providers: it owns the service and its functions. */
  provider: RoleProviders;
  /** What must exist first: pool grants, integration grants, pushed images. */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class Service extends pulumi.ComponentResource {
  /** Fully qualified service name. */
  readonly serviceName: pulumi.Output<string>;
  readonly service: SpcsService;
  /** Function name → `DB.SCHEMA.NAME(TYPES)`. */
  readonly functionSignatures: Record<string, pulumi.Output<string>>;
  /** Endpoint → public ingress URL (public endpoints only). */
  readonly ingressUrls: pulumi.Output<Record<string, string> | undefined>;
  readonly dnsName: pulumi.Output<string | undefined>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions, type = "llmstack:snowflake:Service") {
    super(type, name, {}, opts);
    const p = args.provider;
    const minInstances = args.minInstances ?? 1;
    this.service = new SpcsService(
      `${name}-service`,
      {
        database: args.database,
        schema: args.schema,
        name: args.serviceName,
        computePool: args.computePool,
        specification: args.specification,
        externalAccessIntegrations: pulumi.all(args.externalAccessIntegrations ?? []),
        minInstances,
        maxInstances: args.maxInstances ?? minInstances,
        autoSuspendSecs: args.autoSuspendSecs ?? pulumi.output(args.specification).apply(defaultServiceAutoSuspendSecs),
        autoResume: args.autoResume ?? true,
        queryWarehouse: args.queryWarehouse,
        comment: "llmstack service",
      },
      { parent: this, provider: p.spcs, dependsOn: args.dependsOn, deleteBeforeReplace: true },
    );
    const qualified = pulumi.all([this.service.database, this.service.schema, this.service.name]).apply(([d, s, n]) => fqn(d, s, n));

    for (const role of args.endpointRoles ?? []) {
      new ServiceRoleGrant(
        `${name}-endpoints-to-${role.toLowerCase()}`,
        // Service roles are dropped with their service: tie the grant to this incarnation so a replaced
        // service gets its grants back.
        { service: qualified, serviceRole: ALL_ENDPOINTS_USAGE, toRole: role, serviceCreatedOn: this.service.createdOn },
        { parent: this, provider: p.spcs, deleteBeforeReplace: true },
      );
    }

    this.functionSignatures = {};
    for (const fn of args.functions ?? []) {
      const f = new ServiceFunction(
        `${name}-fn-${fn.name.toLowerCase()}`,
        {
          database: args.database,
          schema: args.schema,
          name: fn.name,
          args: fn.args ?? [],
          returns: fn.returns ?? "VARCHAR",
          service: qualified,
          endpoint: fn.endpoint,
          path: fn.path,
          maxBatchRows: fn.maxBatchRows,
          maxBatchRetries: fn.maxBatchRetries,
          onBatchFailure: fn.onBatchFailure,
          batchTimeoutSecs: fn.batchTimeoutSecs,
          comment: "llmstack service function",
        },
        { parent: this, provider: p.spcs, deleteBeforeReplace: true },
      );
      // Grants name a function by its signature: `"DB"."SCHEMA"."NAME"(TYPE, …)`.
      const signature = pulumi
        .all([f.database, f.schema, f.name])
        .apply(([d, s, n]) => `${quotedFqn(d, s, n)}(${(fn.args ?? []).map((a) => a.type).join(", ")})`);
      this.functionSignatures[fn.name] = signature;
      for (const role of fn.grantUsageTo ?? []) {
        new snowflake.GrantPrivilegesToAccountRole(
          `${name}-fn-${fn.name.toLowerCase()}-to-${role.toLowerCase()}`,
          { accountRoleName: role, privileges: ["USAGE"], onSchemaObject: { objectType: "FUNCTION", objectName: signature } },
          { parent: this, provider: p.snowflake },
        );
      }
    }
    this.serviceName = qualified;
    this.ingressUrls = this.service.ingressUrls;
    this.dnsName = this.service.dnsName;
    this.registerOutputs({ serviceName: this.serviceName, ingressUrls: this.ingressUrls, functionSignatures: this.functionSignatures });
  }
}
