/**
 * `check` for the SPCS kinds: Snowflake's defaults filled in, then every input validated with a
 * failure that names the property. Syntax is validated by the SQL builders themselves (the same
 * functions that later build the statements), ranges and required fields here.
 */
import type { CheckFailure } from "@pulumi/pulumi/provider";
import type { SpcsKind } from "./resources";
import { containsUnknown } from "./diff";
import { validateSpecification } from "./spec";
import { batchTimeoutSecsProblem, contextHeadersProblem, maxBatchRetriesProblem, maxBatchRowsProblem, serviceAutoSuspendProblem } from "./limits";
import { hasBlockVolume } from "./spec/volume";
import {
  SqlBuildError,
  UNQUOTED_IDENTIFIER,
  computePoolSql,
  externalAccessIntegrationSql,
  imageRepositorySql,
  jobServiceSql,
  serviceFunctionSql,
  serviceRoleGrantSql,
  serviceSql,
} from "./sql";

type Props = Record<string, any>;

/**
 * Snowflake's documented defaults, made explicit so state and diffs show real values.
 * Compute pool: AUTO_RESUME TRUE, AUTO_SUSPEND_SECS 3600
 * (https://docs.snowflake.com/en/sql-reference/sql/create-compute-pool).
 * Service: AUTO_RESUME TRUE, MIN_INSTANCES 1, MAX_INSTANCES = MIN_INSTANCES, AUTO_SUSPEND_SECS 0
 * (https://docs.snowflake.com/en/sql-reference/sql/create-service).
 */
export function applyDefaults(kind: SpcsKind, news: Props): Props {
  const p: Props = { ...news };
  const def = (k: string, v: unknown) => {
    if (p[k] === undefined || p[k] === null) p[k] = v;
  };
  switch (kind) {
    case "ComputePool":
      def("autoResume", true);
      def("autoSuspendSecs", 3600);
      if (p.maxNodes === undefined) p.maxNodes = p.minNodes;
      break;
    case "ExternalAccessIntegration":
      def("enabled", true);
      def("allowedAuthenticationSecrets", []);
      break;
    case "Service":
      def("externalAccessIntegrations", []);
      def("minInstances", 1);
      if (p.maxInstances === undefined) p.maxInstances = p.minInstances;
      def("autoSuspendSecs", 0);
      def("autoResume", true);
      break;
    case "JobService":
      def("externalAccessIntegrations", []);
      break;
    case "ServiceFunction":
      def("args", []);
      break;
    default:
      break;
  }
  for (const k of Object.keys(p)) if (p[k] === null) delete p[k];
  return p;
}

const REQUIRED: Record<SpcsKind, string[]> = {
  ComputePool: ["name", "instanceFamily", "minNodes", "maxNodes"],
  ImageRepository: ["database", "schema", "name"],
  ExternalAccessIntegration: ["name", "allowedNetworkRules"],
  Service: ["database", "schema", "name", "computePool", "specification"],
  ServiceFunction: ["database", "schema", "name", "returns", "service", "endpoint", "path"],
  JobService: ["database", "schema", "name", "computePool", "specification"],
  ServiceRoleGrant: ["service", "serviceRole", "toRole"],
};

const IDENTIFIER_KEYS = ["database", "schema", "name", "computePool", "queryWarehouse", "toRole"];

/** Validates checked inputs (after {@link applyDefaults}); empty when valid. */
export function validateInputs(kind: SpcsKind, p: Props): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const known = (k: string) => p[k] !== undefined && !containsUnknown(p[k]);

  for (const k of REQUIRED[kind]) if (p[k] === undefined) fail(k, `${k} is required`);

  for (const k of IDENTIFIER_KEYS) {
    if (known(k) && (typeof p[k] !== "string" || !UNQUOTED_IDENTIFIER.test(p[k]))) {
      fail(k, `${k} must be an unquoted upper-case Snowflake identifier (${UNQUOTED_IDENTIFIER.source}), got ${JSON.stringify(p[k])}`);
    }
  }
  const int = (k: string, min: number, what = "") => {
    if (known(k) && (!Number.isSafeInteger(p[k]) || p[k] < min)) fail(k, `${k} must be an integer ≥ ${min}${what}, got ${JSON.stringify(p[k])}`);
  };
  const intOk = (k: string) => known(k) && Number.isSafeInteger(p[k]);
  const list = (k: string) => {
    if (known(k) && !Array.isArray(p[k])) fail(k, `${k} must be a list`);
  };

  switch (kind) {
    case "ComputePool":
      // "MIN_NODES … must be greater than 0" (https://docs.snowflake.com/en/sql-reference/sql/create-compute-pool).
      int("minNodes", 1);
      int("maxNodes", 1);
      if (intOk("minNodes") && intOk("maxNodes") && p.maxNodes < p.minNodes) fail("maxNodes", `maxNodes (${p.maxNodes}) must be ≥ minNodes (${p.minNodes})`);
      int("autoSuspendSecs", 0, " (0 = never)");
      break;
    case "Service":
    case "JobService": {
      list("externalAccessIntegrations");
      if (Array.isArray(p.externalAccessIntegrations)) {
        p.externalAccessIntegrations.forEach((n: unknown, i: number) => {
          if (!containsUnknown(n) && (typeof n !== "string" || !UNQUOTED_IDENTIFIER.test(n))) {
            fail(`externalAccessIntegrations[${i}]`, `must be an unquoted upper-case identifier, got ${JSON.stringify(n)}`);
          }
        });
      }
      if (known("specification")) {
        for (const issue of validateSpecification(p.specification, { job: kind === "JobService" })) fail(`specification.${issue.path}`, issue.message);
      }
      if (kind === "Service") {
        int("minInstances", 1);
        int("maxInstances", 1);
        if (intOk("minInstances") && intOk("maxInstances") && p.maxInstances < p.minInstances) {
          fail("maxInstances", `maxInstances (${p.maxInstances}) must be ≥ minInstances (${p.minInstances})`);
        }
        // block-storage-volume, "Guidelines and limitations": "The service using block storage volumes must
        // have the same minimum and maximum number of instances" (and ALTER cannot change them later).
        if (intOk("minInstances") && intOk("maxInstances") && p.minInstances !== p.maxInstances && !containsUnknown(p.specification) && hasBlockVolume(p.specification)) {
          fail("maxInstances", `a service with a block storage volume must have maxInstances equal to minInstances (${p.minInstances}), got ${p.maxInstances}: set both to the same number, or use a volume that is not source: block`);
        }
        int("minReadyInstances", 1);
        // Our sanity rule, not a documented Snowflake one: readiness is judged on running instances
        // (MIN_READY_INSTANCES defaults to MIN_INSTANCES, release-notes/bcr-bundles/2024_08/bcr-1793).
        if (intOk("minReadyInstances") && intOk("minInstances") && p.minReadyInstances > p.minInstances) {
          fail("minReadyInstances", `minReadyInstances (${p.minReadyInstances}) must be ≤ minInstances (${p.minInstances})`);
        }
        // AUTO_SUSPEND_SECS: 0, or ≥ 300 and never with a public endpoint (provider/limits.ts; the
        // stack config runs the same rule first).
        int("autoSuspendSecs", 0);
        if (intOk("autoSuspendSecs") && !containsUnknown(p.specification)) {
          const problem = serviceAutoSuspendProblem(p.autoSuspendSecs, p.specification);
          if (problem) fail("autoSuspendSecs", problem);
        }
      } else {
        int("replicas", 1);
      }
      break;
    }
    case "ExternalAccessIntegration":
      list("allowedNetworkRules");
      list("allowedAuthenticationSecrets");
      break;
    case "ServiceFunction":
      list("args");
      // Ranges Snowflake checks only at CREATE FUNCTION (provider/limits.ts; the config runs them first).
      for (const [k, rule] of [
        ["maxBatchRows", maxBatchRowsProblem],
        ["maxBatchRetries", maxBatchRetriesProblem],
        ["batchTimeoutSecs", batchTimeoutSecsProblem],
        ["contextHeaders", contextHeadersProblem],
      ] as const) {
        const problem = known(k) ? rule(p[k]) : undefined;
        if (problem) fail(k, problem);
      }
      break;
    default:
      break;
  }
  for (const k of ["autoResume", "enabled", "initiallySuspended"]) {
    if (known(k) && typeof p[k] !== "boolean") fail(k, `${k} must be a boolean, got ${JSON.stringify(p[k])}`);
  }
  if (known("comment") && typeof p.comment !== "string") fail("comment", "comment must be a string");

  // Syntax: build the create statement the provider would run; a builder refusal names the property.
  if (failures.length === 0 && !containsUnknown(p)) {
    try {
      buildCreate(kind, p);
    } catch (e) {
      if (!(e instanceof SqlBuildError)) throw e;
      fail(e.property ?? "", e.message);
    }
  }
  return failures;
}

function buildCreate(kind: SpcsKind, p: Props): void {
  const placeholderSpec = "spec: {}";
  switch (kind) {
    case "ComputePool":
      computePoolSql.create(p as any);
      break;
    case "ImageRepository":
      imageRepositorySql.create(p as any);
      break;
    case "ExternalAccessIntegration":
      externalAccessIntegrationSql.create(p as any);
      break;
    case "Service":
      serviceSql.create(p as any, placeholderSpec);
      serviceSql.showContainers(p as any);
      break;
    case "JobService":
      jobServiceSql.execute(p as any, placeholderSpec);
      break;
    case "ServiceFunction":
      serviceFunctionSql.create(p as any);
      break;
    case "ServiceRoleGrant":
      serviceRoleGrantSql.grant(p as any);
      break;
  }
}
