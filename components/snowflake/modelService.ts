/**
 * A model served on SPCS: the vLLM server and gateway sidecar as one service, its SQL function
 * (chat completion or embedding) with batch settings matched to the gateway's limits, and who may
 * reach its endpoint.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InstanceFamily } from "../../catalog/instanceFamilies";
import type { ResolvedModel } from "../../config/resolve";
import { GATEWAY_ROUTES, SERVICE_FUNCTION_DEFAULTS } from "../../services/gateway/src/limits";
import type { FunctionArg } from "../../provider/resources";
import { modelServiceSpec, MODEL_ENDPOINT, SQL_ENDPOINT } from "./modelSpec";
import type { RoleProviders } from "./providers";
import { Service, type ServiceFunctionArgs } from "./service";

export interface ModelFunctionArgs {
  /** Function name. @default <MODEL>_COMPLETE (chat) or <MODEL>_EMBED (embedding) */
  name?: string;
  /** chat only: `prompt` = FN(PROMPT VARCHAR), `messages` = FN(PAYLOAD VARCHAR) with a JSON messages payload. @default "prompt" */
  input?: "prompt" | "messages";
  /** MAX_BATCH_ROWS. @default SERVICE_FUNCTION_DEFAULTS.maxBatchRows (the gateway's concurrency) */
  maxBatchRows?: number;
  /** MAX_BATCH_RETRIES. @default SERVICE_FUNCTION_DEFAULTS.maxBatchRetries */
  maxBatchRetries?: number;
  /** ON_BATCH_FAILURE. @default SERVICE_FUNCTION_DEFAULTS.onBatchFailure */
  onBatchFailure?: "ABORT" | "RETURN_NULL";
  /** BATCH_TIMEOUT_SECS. @default SERVICE_FUNCTION_DEFAULTS.batchTimeoutSecs (covers a full gateway queue) */
  batchTimeoutSecs?: number;
  /** Roles granted USAGE on the function. @default [] */
  grantUsageTo?: string[];
}

export interface ModelServiceArgs {
  model: ResolvedModel;
  /** Instance family of the pool (from the catalog). */
  family: InstanceFamily;
  /** Compute pool name. */
  computePool: pulumi.Input<string>;
  /** GPUs per instance. @default 1 on GPU families, 0 otherwise */
  gpus?: number;
  database: pulumi.Input<string>;
  schema: pulumi.Input<string>;
  /** `/db/schema/repo/image:tag` of vLLM in the account repository. */
  modelImage: pulumi.Input<string>;
  /** `/db/schema/repo/image:tag` of the gateway; needed for the SQL function. */
  gatewayImage?: pulumi.Input<string>;
  /** Fully qualified Snowflake secret with the Hugging Face token. @default none (public models) */
  hfTokenSecret?: pulumi.Input<string>;
  /** Integrations that reach the weights' host. */
  externalAccessIntegrations: pulumi.Input<string>[];
  /** MIN_INSTANCES. @default 1 */
  minInstances?: number;
  /** MAX_INSTANCES. @default minInstances */
  maxInstances?: number;
  /** AUTO_SUSPEND_SECS. @default 1800, or 0 with a public endpoint (see Service) */
  autoSuspendSecs?: number;
  /** Keep a (billed) snapshot of the weight cache when the service is dropped (blockConfig.snapshotOnDelete). @default false */
  snapshotWeightsOnDelete?: boolean;
  /** Expose the OpenAI-compatible endpoint outside Snowflake. @default false */
  publicEndpoint?: boolean;
  /** Roles granted the service role (who may call the endpoint). @default [] */
  endpointRoles?: string[];
  /** The SQL function; false for none. @default {} */
  function?: ModelFunctionArgs | false;
  resources?: { requests?: { cpu?: string | number; memory?: string }; limits?: { cpu?: string | number; memory?: string } };
  provider: RoleProviders;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The function a model gets: signature, return type and the gateway route it calls. */
export function modelFunction(model: ResolvedModel, fn: ModelFunctionArgs): ServiceFunctionArgs {
  const embedding = model.task === "embedding";
  const args: FunctionArg[] = embedding ? [{ name: "TEXT", type: "VARCHAR" }] : [{ name: fn.input === "messages" ? "PAYLOAD" : "PROMPT", type: "VARCHAR" }];
  return {
    name: fn.name ?? `${model.sfName}_${embedding ? "EMBED" : "COMPLETE"}`,
    args,
    // An array of floats; cast with ::VECTOR(FLOAT, n) in SQL.
    returns: embedding ? "ARRAY" : "VARCHAR",
    endpoint: SQL_ENDPOINT,
    path: embedding ? GATEWAY_ROUTES.embed : fn.input === "messages" ? GATEWAY_ROUTES.chat : GATEWAY_ROUTES.complete,
    maxBatchRows: fn.maxBatchRows ?? SERVICE_FUNCTION_DEFAULTS.maxBatchRows,
    maxBatchRetries: fn.maxBatchRetries ?? SERVICE_FUNCTION_DEFAULTS.maxBatchRetries,
    onBatchFailure: fn.onBatchFailure ?? SERVICE_FUNCTION_DEFAULTS.onBatchFailure,
    batchTimeoutSecs: fn.batchTimeoutSecs ?? SERVICE_FUNCTION_DEFAULTS.batchTimeoutSecs,
    grantUsageTo: fn.grantUsageTo ?? [],
  };
}

export class ModelService extends Service {
  /** Endpoint name of the OpenAI-compatible API. */
  static readonly apiEndpoint = MODEL_ENDPOINT;

  constructor(name: string, args: ModelServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const gpus = args.gpus ?? (args.family.gpu ? 1 : 0);
    const fn = args.function === false ? undefined : modelFunction(args.model, args.function ?? {});
    if (fn && !args.gatewayImage) {
      throw new Error(`model ${args.model.config.name}: a SQL function needs the gateway sidecar; pass gatewayImage or set function: false`);
    }
    const specification = pulumi
      .all([args.modelImage, args.gatewayImage, args.hfTokenSecret])
      .apply(([modelImage, gatewayImage, hfTokenSecret]) =>
        modelServiceSpec({
          model: args.model,
          family: args.family,
          gpus,
          modelImage,
          gatewayImage: fn ? gatewayImage : undefined,
          hfTokenSecret,
          publicEndpoint: args.publicEndpoint ?? false,
          snapshotWeightsOnDelete: args.snapshotWeightsOnDelete ?? false,
          resources: args.resources,
        }),
      );
    super(
      name,
      {
        serviceName: `${args.model.sfName}_SERVICE`,
        database: args.database,
        schema: args.schema,
        computePool: args.computePool,
        specification,
        externalAccessIntegrations: args.externalAccessIntegrations,
        minInstances: args.minInstances,
        maxInstances: args.maxInstances,
        autoSuspendSecs: args.autoSuspendSecs,
        endpointRoles: args.endpointRoles,
        functions: fn ? [fn] : [],
        provider: args.provider,
        dependsOn: args.dependsOn,
      },
      opts,
      "llmstack:snowflake:ModelService",
    );
  }
}
