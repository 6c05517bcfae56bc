/**
 * The SPCS objects our resource provider manages, their type tokens and input shapes.
 *
 * This module is the contract between the components (which register these resources), the
 * provider (which creates them with SQL), the policies (which check their inputs) and the plan
 * (which prints and diffs them). It holds types and constants only: no imports with side effects.
 *
 * Names are Snowflake identifiers as validated by the config (unquoted form, stored upper-case).
 * Object references to schema objects are fully qualified as `DB.SCHEMA.NAME`.
 */

export const PROVIDER_PACKAGE = "llmstack";

export const SPCS_TYPES = {
  ComputePool: "llmstack:spcs:ComputePool",
  ImageRepository: "llmstack:spcs:ImageRepository",
  ExternalAccessIntegration: "llmstack:spcs:ExternalAccessIntegration",
  Service: "llmstack:spcs:Service",
  ServiceFunction: "llmstack:spcs:ServiceFunction",
  JobService: "llmstack:spcs:JobService",
  ServiceRoleGrant: "llmstack:spcs:ServiceRoleGrant",
} as const;

export type SpcsKind = keyof typeof SPCS_TYPES;
export type SpcsType = (typeof SPCS_TYPES)[SpcsKind];

export function spcsKindOf(type: string): SpcsKind | undefined {
  return (Object.keys(SPCS_TYPES) as SpcsKind[]).find((k) => SPCS_TYPES[k] === type);
}

/** `CREATE COMPUTE POOL` (account object). */
export interface ComputePoolInputs {
  name: string;
  instanceFamily: string;
  minNodes: number;
  maxNodes: number;
  /** Snowflake default TRUE. */
  autoResume: boolean;
  /** Seconds idle before the pool suspends; 0 = never (Snowflake default 3600). */
  autoSuspendSecs: number;
  /** Create-only. */
  initiallySuspended?: boolean;
  comment?: string;
}
export interface ComputePoolOutputs extends ComputePoolInputs {
  state?: string;
  /** `DB.SCHEMA.NAME` of services an unfinished INSTANCE_FAMILY change suspended; the next update resumes them. */
  suspendedServices?: string[];
}

/** `CREATE IMAGE REPOSITORY` (schema object). */
export interface ImageRepositoryInputs {
  database: string;
  schema: string;
  name: string;
  /** Create-only; changing it replaces the repository (and loses its images). */
  encryption?: "SNOWFLAKE_SSE" | "SNOWFLAKE_FULL";
  comment?: string;
}
export interface ImageRepositoryOutputs extends ImageRepositoryInputs {
  /** `<org>-<acct>.registry.snowflakecomputing.com/<db>/<schema>/<repo>` (lower-case). */
  repositoryUrl: string;
}

/** `CREATE EXTERNAL ACCESS INTEGRATION` (account object). */
export interface ExternalAccessIntegrationInputs {
  name: string;
  /** Fully qualified EGRESS network rules (`DB.SCHEMA.RULE`). */
  allowedNetworkRules: string[];
  /** Fully qualified secrets the integration may use; empty = none. */
  allowedAuthenticationSecrets?: string[];
  enabled: boolean;
  comment?: string;
}

/** One SPCS service specification document (`spec`, `capabilities`, `serviceRoles`). Rendered to YAML by the provider. */
export interface ServiceSpecification {
  spec: {
    containers: SpecContainer[];
    endpoints?: SpecEndpoint[];
    volumes?: SpecVolume[];
    logExporters?: { eventTableConfig?: { logLevel: "INFO" | "ERROR" | "NONE" } };
    platformMonitor?: { metricConfig?: { groups: string[] } };
    /** Autoscaling policies (reference, "spec.resourceManagement"; scaling-services). Services only, not jobs. */
    resourceManagement?: { autoScalingPolicies: AutoScalingPolicies };
  };
  capabilities?: {
    securityContext?: {
      /** Caller's rights: Snowflake adds the Sf-Context-Current-User-Token header. Default false. */
      executeAsCaller?: boolean;
      /** Customer-provided credentials (spcs-execute-sql). Default false. */
      enableCustomCredentials?: boolean;
    };
  };
  serviceRoles?: { name: string; endpoints: string[] }[];
}

export interface SpecContainer {
  name: string;
  /** `/db/schema/repo/image:tag` (SPCS pulls only from the account's image repositories). */
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string | number | boolean>;
  /** HTTP GET to port/path, 200 = ready. periodSeconds default 5, failureThreshold default 3. */
  readinessProbe?: SpecProbe;
  /** HTTP GET to port/path; failing restarts the container. periodSeconds default 10, failureThreshold default 3. */
  livenessProbe?: SpecProbe;
  volumeMounts?: { name: string; mountPath: string }[];
  resources?: {
    requests?: { cpu?: string | number; memory?: string; "nvidia.com/gpu"?: number };
    limits?: { cpu?: string | number; memory?: string; "nvidia.com/gpu"?: number };
  };
  /** Mount the service user's OAuth token in this container. Default true. */
  mountSessionToken?: boolean;
  /** Where/how the token is mounted (default `/snowflake/session/token`, mode "0644", no connections.toml). */
  sessionTokenConfig?: { path?: string; permission?: string; mountConnectionConfig?: boolean };
  secrets?: SpecSecret[];
}

export interface SpecProbe {
  port: number;
  path: string;
  periodSeconds?: number;
  failureThreshold?: number;
}

/** One metric condition of an autoscaling policy (scaling-services, "Specifying autoscaling policies"). */
export interface MetricCondition {
  metricName: string;
  labels?: Record<string, string>;
  /** Shown only in an example of scaling-services, not in its syntax. */
  containerName?: string;
  aggregationType: "min" | "max" | "avg";
  stabilizationPeriodSecs: number;
  /** Exactly one of targetScaling and stepScaling. */
  targetScaling?: { targetValue: number };
  stepScaling?: {
    adjustmentType: "changeInstanceCount" | "exactInstanceCount" | "percentChangeInstanceCount";
    scalingSteps: { lowerBound: number; upperBound: number; targetAdjustment: number }[];
  };
}

export interface AutoScalingPolicies {
  scaleUp?: { anyConditions: { metricCondition: MetricCondition }[] };
  scaleDown?: { allConditions: { metricCondition: MetricCondition }[] };
  suspend?: { allConditions: { metricCondition: MetricCondition }[] };
}

export interface SpecSecret {
  snowflakeSecret: { objectName: string } | { objectReference: string };
  envVarName?: string;
  secretKeyRef?: "username" | "password" | "secret_string";
  directoryPath?: string;
}

export interface SpecEndpoint {
  name: string;
  port?: number;
  portRange?: string;
  /** Default false. */
  public?: boolean;
  /**
   * `protocol`: TCP or HTTP (default HTTP); a public endpoint must be HTTP
   * (https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference).
   */
  protocol?: "TCP" | "HTTP";
  corsSettings?: Record<string, string[]>;
}

export interface SpecVolume {
  name: string;
  /** local | memory | block | stage, or the deprecated `"@<stage>"`. */
  source: "local" | "memory" | "block" | "stage" | string;
  size?: string;
  uid?: number;
  gid?: number;
  blockConfig?: {
    initialContents?: { fromSnapshot: string };
    iops?: number;
    throughput?: number;
    encryption?: "SNOWFLAKE_SSE" | "SNOWFLAKE_FULL";
    /** Snapshot the volume when the service is dropped (Snowflake default true for services). */
    snapshotOnDelete?: boolean;
    /** `<n>h` or `<n>d`; default 7 days. */
    snapshotDeleteAfter?: string;
  };
  /** For `source: stage` (snowflake-stage-volume). */
  stageConfig?: {
    /** `@stage`, `@stage/folder` or `@db.schema.stage/folder`. */
    name: string;
    /** Metadata cache period, e.g. `90s`, `1h30m`; none by default. */
    metadataCache?: string;
    /** The stage mount's sidecar (default requests cpu 0, memory 0.5Gi; limits cpu 0.5, memory 1Gi). */
    resources?: { requests?: { cpu?: string | number; memory?: string }; limits?: { cpu?: string | number; memory?: string } };
  };
}

/** What a long-running service and a job service both are: a spec run on a compute pool (schema object). */
export interface SpecRunInputs {
  database: string;
  schema: string;
  name: string;
  computePool: string;
  specification: ServiceSpecification;
  /** Integration names (account objects). */
  externalAccessIntegrations: string[];
  queryWarehouse?: string;
  comment?: string;
}

/** `CREATE SERVICE` (schema object). */
export interface ServiceInputs extends SpecRunInputs {
  minInstances: number;
  maxInstances: number;
  minReadyInstances?: number;
  /** 0 = never suspend; otherwise >= 300 (preview feature in Snowflake). */
  autoSuspendSecs: number;
  autoResume: boolean;
}
export interface ServiceOutputs extends ServiceInputs {
  /** Spec YAML as sent to Snowflake. */
  specText: string;
  /** sha256 of specText: what `read` compares with `DESC SERVICE`'s spec to detect drift. */
  specDigest: string;
  dnsName?: string;
  /** endpoint name → ingress URL, for public endpoints only. */
  ingressUrls?: Record<string, string>;
  /** `created_on` from SHOW SERVICES: changes whenever the service is recreated. */
  createdOn?: string;
}

/** A service function argument or return type (Snowflake SQL data type). */
export interface FunctionArg {
  name: string;
  type: string;
}

/** `CREATE FUNCTION … SERVICE = … ENDPOINT = … AS '/path'` (schema object). */
export interface ServiceFunctionInputs {
  database: string;
  schema: string;
  name: string;
  args: FunctionArg[];
  returns: string;
  /** Fully qualified service name. */
  service: string;
  endpoint: string;
  path: string;
  maxBatchRows?: number;
  maxBatchRetries?: number;
  onBatchFailure?: "ABORT" | "RETURN_NULL";
  batchTimeoutSecs?: number;
  contextHeaders?: string[];
  comment?: string;
}

export interface ServiceFunctionOutputs extends ServiceFunctionInputs {
  /** `DB.SCHEMA.NAME(TYPE, …)`: the overload's identity (what DROP/ALTER FUNCTION take). */
  signature: string;
}

/** `EXECUTE JOB SERVICE … ASYNC = TRUE` (schema object; a job cannot be altered). */
export interface JobServiceInputs extends SpecRunInputs {
  replicas?: number;
}

export interface JobServiceOutputs extends JobServiceInputs {
  specText: string;
  specDigest: string;
  /** Job status when last read (PENDING, RUNNING, DONE, FAILED, …). */
  status?: string;
}

/** `GRANT SERVICE ROLE <svc>!<role> TO ROLE <grantee>`: who may reach a service's endpoints. */
export interface ServiceRoleGrantInputs {
  /** Fully qualified service name. */
  service: string;
  /** Service role; `ALL_ENDPOINTS_USAGE` is the one every service has. */
  serviceRole: string;
  /** Account role receiving it. */
  toRole: string;
  /**
   * Pass the Service's `createdOn` output: service roles are dropped with their service, so when the
   * service is recreated this value changes and the grant is issued again.
   */
  serviceCreatedOn?: string;
}

export interface SpcsInputsByKind {
  ComputePool: ComputePoolInputs;
  ImageRepository: ImageRepositoryInputs;
  ExternalAccessIntegration: ExternalAccessIntegrationInputs;
  Service: ServiceInputs;
  ServiceFunction: ServiceFunctionInputs;
  JobService: JobServiceInputs;
  ServiceRoleGrant: ServiceRoleGrantInputs;
}
