/** A job service: containers that run to completion (`EXECUTE JOB SERVICE … ASYNC = TRUE`), re-run on any change. */
import * as pulumi from "@pulumi/pulumi";
import type { ServiceSpecification } from "../../provider/resources";
import { JobService as SpcsJobService } from "../../provider/sdk";
import type { RoleProviders } from "./providers";

export interface JobServiceArgs {
  /** NAME of the job service (schema object). */
  jobName: string;
  database: pulumi.Input<string>;
  schema: pulumi.Input<string>;
  /** IN COMPUTE POOL. */
  computePool: pulumi.Input<string>;
  specification: pulumi.Input<ServiceSpecification>;
  /** EXTERNAL_ACCESS_INTEGRATIONS. @default [] */
  externalAccessIntegrations?: pulumi.Input<string>[];
  /** REPLICAS. @default 1 */
  replicas?: number;
  /** QUERY_WAREHOUSE. @default none */
  queryWarehouse?: pulumi.Input<string>;
  provider: RoleProviders;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class JobService extends pulumi.ComponentResource {
  readonly jobName: pulumi.Output<string>;
  readonly status: pulumi.Output<string | undefined>;

  constructor(name: string, args: JobServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:JobService", name, {}, opts);
    const job = new SpcsJobService(
      `${name}-job`,
      {
        database: args.database,
        schema: args.schema,
        name: args.jobName,
        computePool: args.computePool,
        specification: args.specification,
        externalAccessIntegrations: pulumi.all(args.externalAccessIntegrations ?? []),
        replicas: args.replicas ?? 1,
        queryWarehouse: args.queryWarehouse,
        comment: "llmstack job",
      },
      { parent: this, provider: args.provider.spcs, dependsOn: args.dependsOn, deleteBeforeReplace: true },
    );
    this.jobName = job.name;
    this.status = job.status;
    this.registerOutputs({ jobName: this.jobName, status: this.status });
  }
}
