/**
 * Program-side classes for the `llmstack` resource provider (what a generated Pulumi SDK would hold).
 *
 * Components register these; the engine sends them to the `pulumi-resource-llmstack` plugin
 * (`provider/main.ts`), which runs the SQL. Type tokens and input shapes come from
 * `provider/resources.ts` (the contract) so both sides agree.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  PROVIDER_PACKAGE,
  SPCS_TYPES,
  type ComputePoolInputs,
  type ExternalAccessIntegrationInputs,
  type FunctionArg,
  type ImageRepositoryInputs,
  type JobServiceInputs,
  type ServiceFunctionInputs,
  type ServiceInputs,
  type ServiceRoleGrantInputs,
  type ServiceSpecification,
} from "./resources";

/** Every top-level input may be a plain value, a promise or an Output (optionality is kept). */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export type ComputePoolArgs = InputsOf<ComputePoolInputs>;
export type ImageRepositoryArgs = InputsOf<ImageRepositoryInputs>;
export type ExternalAccessIntegrationArgs = InputsOf<ExternalAccessIntegrationInputs>;
export type ServiceArgs = InputsOf<ServiceInputs>;
export type ServiceFunctionArgs = InputsOf<ServiceFunctionInputs>;
export type JobServiceArgs = InputsOf<JobServiceInputs>;
export type ServiceRoleGrantArgs = InputsOf<ServiceRoleGrantInputs>;

/** `{...args, out1: undefined, …}`: declares output-only properties so the engine fills them. */
function withOutputs(args: object, outputs: readonly string[]): pulumi.Inputs {
  const props: pulumi.Inputs = { ...args };
  for (const o of outputs) props[o] = undefined;
  return props;
}

/** True when `obj` is a resource registered with the given type token (works across module copies). */
function hasType(obj: unknown, type: string): boolean {
  return obj !== undefined && obj !== null && (obj as { __pulumiType?: string }).__pulumiType === type;
}

/** `CREATE COMPUTE POOL` (account object). */
export class ComputePool extends pulumi.CustomResource {
  static readonly __pulumiType = SPCS_TYPES.ComputePool;
  static isInstance(obj: unknown): obj is ComputePool {
    return hasType(obj, ComputePool.__pulumiType);
  }

  declare readonly name: pulumi.Output<string>;
  declare readonly instanceFamily: pulumi.Output<string>;
  declare readonly minNodes: pulumi.Output<number>;
  declare readonly maxNodes: pulumi.Output<number>;
  declare readonly autoResume: pulumi.Output<boolean>;
  declare readonly autoSuspendSecs: pulumi.Output<number>;
  declare readonly initiallySuspended: pulumi.Output<boolean | undefined>;
  declare readonly comment: pulumi.Output<string | undefined>;
  /** Last state seen (`SHOW COMPUTE POOLS`.state: IDLE, ACTIVE, SUSPENDED, STARTING, …). */
  declare readonly state: pulumi.Output<string | undefined>;
  /** Services an unfinished INSTANCE_FAMILY change suspended and the next update resumes (normally empty). */
  declare readonly suspendedServices: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: ComputePoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(ComputePool.__pulumiType, name, withOutputs(args, ["state", "suspendedServices"]), opts);
  }
}

/** `CREATE IMAGE REPOSITORY` (schema object). */
export class ImageRepository extends pulumi.CustomResource {
  static readonly __pulumiType = SPCS_TYPES.ImageRepository;
  static isInstance(obj: unknown): obj is ImageRepository {
    return hasType(obj, ImageRepository.__pulumiType);
  }

  declare readonly database: pulumi.Output<string>;
  declare readonly schema: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly encryption: pulumi.Output<"SNOWFLAKE_SSE" | "SNOWFLAKE_FULL" | undefined>;
  declare readonly comment: pulumi.Output<string | undefined>;
  /** `repository_url` from `SHOW IMAGE REPOSITORIES`: where `docker push` goes. */
  declare readonly repositoryUrl: pulumi.Output<string>;

  constructor(name: string, args: ImageRepositoryArgs, opts?: pulumi.CustomResourceOptions) {
    super(ImageRepository.__pulumiType, name, withOutputs(args, ["repositoryUrl"]), opts);
  }
}

/** `CREATE EXTERNAL ACCESS INTEGRATION` (account object). */
export class ExternalAccessIntegration extends pulumi.CustomResource {
  static readonly __pulumiType = SPCS_TYPES.ExternalAccessIntegration;
  static isInstance(obj: unknown): obj is ExternalAccessIntegration {
    return hasType(obj, ExternalAccessIntegration.__pulumiType);
  }

  declare readonly name: pulumi.Output<string>;
  declare readonly allowedNetworkRules: pulumi.Output<string[]>;
  declare readonly allowedAuthenticationSecrets: pulumi.Output<string[] | undefined>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly comment: pulumi.Output<string | undefined>;

  constructor(name: string, args: ExternalAccessIntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(ExternalAccessIntegration.__pulumiType, name, withOutputs(args, []), opts);
  }
}

/** `CREATE SERVICE … IN COMPUTE POOL … FROM SPECIFICATION` (schema object). */
export class Service extends pulumi.CustomResource {
  static readonly __pulumiType = SPCS_TYPES.Service;
  static isInstance(obj: unknown): obj is Service {
    return hasType(obj, Service.__pulumiType);
  }

  declare readonly database: pulumi.Output<string>;
  declare readonly schema: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly computePool: pulumi.Output<string>;
  declare readonly specification: pulumi.Output<ServiceSpecification>;
  declare readonly externalAccessIntegrations: pulumi.Output<string[]>;
  declare readonly minInstances: pulumi.Output<number>;
  declare readonly maxInstances: pulumi.Output<number>;
  declare readonly minReadyInstances: pulumi.Output<number | undefined>;
  declare readonly autoSuspendSecs: pulumi.Output<number>;
  declare readonly autoResume: pulumi.Output<boolean>;
  declare readonly queryWarehouse: pulumi.Output<string | undefined>;
  declare readonly comment: pulumi.Output<string | undefined>;
  /** Spec YAML exactly as sent to Snowflake. */
  declare readonly specText: pulumi.Output<string>;
  /** sha256 (hex) of specText. */
  declare readonly specDigest: pulumi.Output<string>;
  /** Service DNS name inside the account (service-to-service calls). */
  declare readonly dnsName: pulumi.Output<string | undefined>;
  /** Endpoint name → ingress URL, public endpoints only. */
  declare readonly ingressUrls: pulumi.Output<Record<string, string> | undefined>;
  /** `created_on` of the live service; changes when it is recreated (feed it to ServiceRoleGrant.serviceCreatedOn). */
  declare readonly createdOn: pulumi.Output<string | undefined>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(Service.__pulumiType, name, withOutputs(args, ["specText", "specDigest", "dnsName", "ingressUrls", "createdOn"]), opts);
  }
}

/** `CREATE FUNCTION … SERVICE = … ENDPOINT = … AS '/path'` (schema object). */
export class ServiceFunction extends pulumi.CustomResource {
  static readonly __pulumiType = SPCS_TYPES.ServiceFunction;
  static isInstance(obj: unknown): obj is ServiceFunction {
    return hasType(obj, ServiceFunction.__pulumiType);
  }

  declare readonly database: pulumi.Output<string>;
  declare readonly schema: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly args: pulumi.Output<FunctionArg[]>;
  declare readonly returns: pulumi.Output<string>;
  declare readonly service: pulumi.Output<string>;
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  declare readonly maxBatchRows: pulumi.Output<number | undefined>;
  declare readonly maxBatchRetries: pulumi.Output<number | undefined>;
  declare readonly onBatchFailure: pulumi.Output<"ABORT" | "RETURN_NULL" | undefined>;
  declare readonly batchTimeoutSecs: pulumi.Output<number | undefined>;
  declare readonly contextHeaders: pulumi.Output<string[] | undefined>;
  declare readonly comment: pulumi.Output<string | undefined>;
  /** `DB.SCHEMA.NAME(TYPE, …)`: how SQL grants and DROP name this function. */
  declare readonly signature: pulumi.Output<string>;

  constructor(name: string, args: ServiceFunctionArgs, opts?: pulumi.CustomResourceOptions) {
    super(ServiceFunction.__pulumiType, name, withOutputs(args, ["signature"]), opts);
  }
}

/** `EXECUTE JOB SERVICE … ASYNC = TRUE` (schema object; any change re-runs the job). */
export class JobService extends pulumi.CustomResource {
  static readonly __pulumiType = SPCS_TYPES.JobService;
  static isInstance(obj: unknown): obj is JobService {
    return hasType(obj, JobService.__pulumiType);
  }

  declare readonly database: pulumi.Output<string>;
  declare readonly schema: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly computePool: pulumi.Output<string>;
  declare readonly specification: pulumi.Output<ServiceSpecification>;
  declare readonly externalAccessIntegrations: pulumi.Output<string[]>;
  declare readonly replicas: pulumi.Output<number | undefined>;
  declare readonly queryWarehouse: pulumi.Output<string | undefined>;
  declare readonly comment: pulumi.Output<string | undefined>;
  declare readonly specText: pulumi.Output<string>;
  declare readonly specDigest: pulumi.Output<string>;
  /** Job status when last read (PENDING, RUNNING, DONE, FAILED, …). */
  declare readonly status: pulumi.Output<string | undefined>;

  constructor(name: string, args: JobServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(JobService.__pulumiType, name, withOutputs(args, ["specText", "specDigest", "status"]), opts);
  }
}

/** `GRANT SERVICE ROLE <svc>!<role> TO ROLE <grantee>`. */
export class ServiceRoleGrant extends pulumi.CustomResource {
  static readonly __pulumiType = SPCS_TYPES.ServiceRoleGrant;
  static isInstance(obj: unknown): obj is ServiceRoleGrant {
    return hasType(obj, ServiceRoleGrant.__pulumiType);
  }

  declare readonly service: pulumi.Output<string>;
  declare readonly serviceRole: pulumi.Output<string>;
  declare readonly toRole: pulumi.Output<string>;
  declare readonly serviceCreatedOn: pulumi.Output<string | undefined>;

  constructor(name: string, args: ServiceRoleGrantArgs, opts?: pulumi.CustomResourceOptions) {
    super(ServiceRoleGrant.__pulumiType, name, withOutputs(args, []), opts);
  }
}

/**
 * Connection settings for the `llmstack` provider. Unset values fall back to stack config
 * `llmstack:<key>` and then to the `SNOWFLAKE_*` environment variables that @pulumi/snowflake reads.
 * Valid combinations: `provider/auth.ts` (`AUTHENTICATORS`, `sharedAuthProblems`) and the README's
 * "Supported authentication" table.
 */
export interface ProviderArgs {
  organizationName?: pulumi.Input<string>;
  accountName?: pulumi.Input<string>;
  user?: pulumi.Input<string>;
  role?: pulumi.Input<string>;
  warehouse?: pulumi.Input<string>;
  /** SNOWFLAKE (password), SNOWFLAKE_JWT (key pair), OAUTH, EXTERNALBROWSER, USERNAMEPASSWORDMFA. @default inferred from the credential */
  authenticator?: pulumi.Input<string>;
  /** Host name; overrides `<org>-<account>.snowflakecomputing.com` (SNOWFLAKE_HOST). */
  host?: pulumi.Input<string>;
  /** `https` or `http` (SNOWFLAKE_PROTOCOL). @default "https" */
  protocol?: pulumi.Input<string>;
  /** Port on host (SNOWFLAKE_PORT). @default the protocol's */
  port?: pulumi.Input<string>;
  /** Path to a PEM private key file (key-pair auth); llmstack only, not read by @pulumi/snowflake. */
  privateKeyPath?: pulumi.Input<string>;
  /** Secret. Password, or a programmatic access token used as the password. */
  password?: pulumi.Input<string>;
  /** Secret. PEM private key (key-pair auth). */
  privateKey?: pulumi.Input<string>;
  /** Secret. */
  privateKeyPassphrase?: pulumi.Input<string>;
  /** Secret. OAuth access token. */
  token?: pulumi.Input<string>;
}

/** The secret-only provider arguments: always stored encrypted in state. */
export const PROVIDER_SECRET_ARGS = ["password", "privateKey", "privateKeyPassphrase", "token"] as const;

/** An explicit `llmstack` provider instance (type `pulumi:providers:llmstack`). */
export class Provider extends pulumi.ProviderResource {
  static readonly __pulumiType = PROVIDER_PACKAGE;
  static isInstance(obj: unknown): obj is Provider {
    return hasType(obj, `pulumi:providers:${PROVIDER_PACKAGE}`);
  }

  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const props: pulumi.Inputs = { ...args };
    for (const key of PROVIDER_SECRET_ARGS) {
      if (props[key] !== undefined) props[key] = pulumi.secret(props[key]);
    }
    super(
      PROVIDER_PACKAGE,
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: [...PROVIDER_SECRET_ARGS] }),
    );
  }
}
