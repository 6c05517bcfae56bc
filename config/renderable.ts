/**
 * "What the provider will refuse, config refuses first." For every SPCS object the program will
 * create, the inputs are built from the config the way the components build them (the same pure
 * builders: `modelServiceSpec`, `genericServiceSpec`, `modelFunction`, the naming helpers) and run
 * through the provider's own `check` (`validateInputs`: required fields, ranges, the SPCS spec
 * validator and the SQL builders). A refusal is reported at the config field it comes from, so
 * `npm run plan` and `pulumi up` stop on the same inputs, before anything is touched.
 */
import type { z } from "zod";
import { instanceFamily } from "../catalog/instanceFamilies";
import { modelFunction } from "../components/snowflake/modelFunction";
import { modelServiceSpec } from "../components/snowflake/modelSpec";
import { genericServiceSpec, jobSpec, type SpecContext } from "../components/snowflake/genericSpec";
import { accountObjectName, ALL_ENDPOINTS_USAGE, fqn, GATEWAY_IMAGE_NAME, specImagePath } from "../components/snowflake/naming";
import { applyDefaults, validateInputs } from "../provider/checks";
import type { ServiceSpecification, SpcsKind } from "../provider/resources";
import { GATEWAY_VERSION } from "../services/gateway/src/version";
import { gatewayBatchProblems } from "../validators/functionBatch";
import { mirrorableImageProblem, mirroredName } from "../validators/image";
import { nodeFitProblems, type FitProblem } from "./nodeFit";
import { resolveModel } from "./resolve";
import type { StackConfig } from "./schema";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Maps a provider property (`specification.spec.containers[0].image`, `args[1].type`) to a config path. */
type PropertyMap = (property: string) => Path;

function report(ctx: Ctx, path: Path, what: string, reason: string): void {
  ctx.addIssue({ code: "custom", path, message: `the SPCS provider would refuse ${what}: ${reason}` });
}

function reportFit(ctx: Ctx, problems: readonly FitProblem[], what: string, pathOf: (p: FitProblem) => Path): void {
  for (const p of problems) {
    ctx.addIssue({ code: "custom", path: pathOf(p), message: `${what} does not fit one node of its pool: ${p.message}`, params: { hint: "lower it, or use a larger instance family for the pool" } });
  }
}

function check(ctx: Ctx, kind: SpcsKind, inputs: Record<string, unknown>, what: string, map: PropertyMap): void {
  for (const f of validateInputs(kind, applyDefaults(kind, inputs))) report(ctx, map(f.property ?? ""), what, f.reason);
}

/** `specification.spec.containers[2].resources.requests.memory` → { container: 2, rest: "resources.requests.memory" }. */
function specPart(property: string, list: "containers" | "endpoints"): { index: number; rest: string } | undefined {
  const m = new RegExp(`^specification\\.spec\\.${list}\\[(\\d+)\\]\\.?(.*)$`).exec(property);
  return m ? { index: Number(m[1]), rest: m[2] } : undefined;
}

/** A generic container's field from its spec field: the config mirrors the spec except for GPUs and secrets. */
function containerField(rest: string): Path {
  if (/^resources\.(requests|limits)\.nvidia\.com\/gpu/.test(rest)) return ["resources", "gpus"];
  const secret = /^secrets\[(\d+)\]\.?(\w*)/.exec(rest);
  if (secret) return ["secrets", Number(secret[1]), ...(secret[2] === "snowflakeSecret" ? ["secret"] : secret[2] === "secretKeyRef" ? ["key"] : secret[2] ? [secret[2]] : [])];
  const res = /^resources\.(requests|limits)\.(memory|cpu)/.exec(rest);
  if (res) return ["resources", res[1], res[2]];
  const first = /^(\w+)/.exec(rest)?.[1];
  return first ? [first] : [];
}

const SERVICE_FIELDS: Record<string, string> = { computePool: "pool", minInstances: "minInstances", maxInstances: "maxInstances", autoSuspendSecs: "autoSuspendSecs", replicas: "replicas" };
const FUNCTION_FIELDS = ["name", "returns", "endpoint", "path", "maxBatchRows", "maxBatchRetries", "onBatchFailure", "batchTimeoutSecs"];

export function checkRenderable(cfg: StackConfig, ctx: Ctx): void {
  const sf = cfg.snowflake;
  if (!sf) return;
  const db = sf.database;
  const schema = sf.schemas[0];
  const specCtx: SpecContext = { database: db, schema, repositoryPath: `/${db}/${schema}/${sf.imageRepository.name}`.toLowerCase() };
  const eai = (list: string) => accountObjectName(sf, `${list}_EAI`);
  const guard = (rule: () => void) => {
    try {
      rule();
    } catch {
      /* malformed input: its field-level issue explains it */
    }
  };

  for (const [key, pool] of Object.entries(sf.computePools)) {
    const path: Path = ["snowflake", "computePools", key];
    const name = accountObjectName(sf, key);
    guard(() =>
      check(ctx, "ComputePool", { name, instanceFamily: pool.instanceFamily, minNodes: pool.minNodes, maxNodes: pool.maxNodes ?? pool.minNodes, autoResume: pool.autoResume, autoSuspendSecs: pool.autoSuspendSecs, initiallySuspended: pool.initiallySuspended }, `compute pool ${name}`, (p) =>
        p === "name" ? path : [...path, p.replace(/\[.*$/, "")],
      ),
    );
  }
  for (const list of Object.keys(sf.egress)) {
    const path: Path = ["snowflake", "egress", list];
    guard(() => check(ctx, "ExternalAccessIntegration", { name: eai(list), allowedNetworkRules: [fqn(db, schema, `${list}_EGRESS`)], enabled: true }, `external access integration ${eai(list)}`, () => path));
  }

  const grants = (service: string, roles: readonly string[], path: Path) =>
    roles.forEach((toRole, j) => guard(() => check(ctx, "ServiceRoleGrant", { service, serviceRole: ALL_ENDPOINTS_USAGE, toRole }, `the grant of ${service}'s endpoints to ${toRole}`, () => [...path, j])));

  // Model services: the spec and function the ModelService component renders.
  for (const [i, model] of cfg.models.entries()) {
    const p = model.snowflake;
    const resolved = p ? resolveModel(model) : undefined;
    const poolCfg = p ? sf.computePools[p.pool] : undefined;
    const family = poolCfg ? instanceFamily(poolCfg.instanceFamily) : undefined;
    if (!p || !resolved || !family) continue;
    const base: Path = ["models", i, "snowflake"];
    const imageKey = family.gpu ? "vllm" : "vllmCpu";
    const image = cfg.images[imageKey];
    if (mirrorableImageProblem(image)) continue; // reported at images.<key>
    const gpus = p.gpus ?? (family.gpu ? 1 : 0);
    const fn = p.function === false ? undefined : p.function;
    const batch = fn ? gatewayBatchProblems(fn) : [];
    for (const b of batch) ctx.addIssue({ code: "custom", path: [...base, "function", b.field], message: b.message, params: { hint: b.hint } });
    const serviceName = `${resolved.sfName}_SERVICE`;
    const service = fqn(db, schema, serviceName);
    const lists = p.egress ?? Object.keys(sf.egress);
    const specMap: PropertyMap = (prop) => {
      const c = specPart(prop, "containers");
      if (c && c.index === 0) {
        const res = /^resources\.(requests|limits)\.(memory|cpu)/.exec(c.rest);
        if (res && p.resources?.[res[1] as "requests" | "limits"]?.[res[2] as "memory" | "cpu"] !== undefined) return [...base, "resources", res[1], res[2]];
        if (c.rest.startsWith("image")) return ["images", imageKey];
        if (c.rest.startsWith("env.HF_ENDPOINT")) return ["models", i, "source", "mirrorEndpoint"];
        if (c.rest.startsWith("args")) return ["models", i, "source"];
      }
      if (c && c.index === 1 && c.rest.startsWith("image")) return ["images", "gatewayTag"];
      return SERVICE_FIELDS[prop] ? [...base, SERVICE_FIELDS[prop]] : prop === "name" ? ["models", i, "name"] : base;
    };
    guard(() => {
      const specification = modelServiceSpec({
        model: resolved,
        family,
        gpus,
        modelImage: specImagePath(db, schema, sf.imageRepository.name, mirroredName(image)),
        gatewayImage: fn ? `${specCtx.repositoryPath}/${GATEWAY_IMAGE_NAME}:${cfg.images.gatewayTag ?? GATEWAY_VERSION}` : undefined,
        hfTokenSecret: resolved.catalog?.gated ? fqn(db, schema, "HF_TOKEN") : undefined,
        publicEndpoint: p.endpoint.public,
        resources: p.resources,
      });
      reportFit(ctx, nodeFitProblems(specification, family, sf.cloud), `service ${serviceName}`, (f) => {
        if (f.resource === "gpus") return [...base, "gpus"];
        const set = f.container === 0 && p.resources?.[f.kind]?.[f.resource] !== undefined;
        return set ? [...base, "resources", f.kind, f.resource] : [...base, "pool"];
      });
      check(
        ctx,
        "Service",
        { database: db, schema, name: serviceName, computePool: accountObjectName(sf, p.pool), specification, externalAccessIntegrations: lists.map(eai), minInstances: p.minInstances, maxInstances: p.maxInstances ?? p.minInstances, autoSuspendSecs: p.autoSuspendSecs, autoResume: true },
        `service ${serviceName}`,
        (prop) => {
          const e = /^externalAccessIntegrations\[(\d+)\]/.exec(prop);
          if (e) return p.egress ? [...base, "egress", Number(e[1])] : ["snowflake", "egress", lists[Number(e[1])]];
          return specMap(prop);
        },
      );
    });
    if (fn && batch.length === 0) {
      guard(() => {
        const f = modelFunction(resolved, fn);
        check(ctx, "ServiceFunction", { database: db, schema, ...f, service }, `function ${f.name}`, (prop) => [...base, "function", ...(FUNCTION_FIELDS.includes(prop) ? [prop] : [])]);
      });
    }
    grants(service, p.endpoint.allowedRoles, [...base, "endpoint", "allowedRoles"]);
  }

  // Generic services and jobs: the containers as configured, images resolved into the repository.
  const containerMap = (base: Path): PropertyMap => (prop) => {
    const c = specPart(prop, "containers");
    if (c) return [...base, "containers", c.index, ...containerField(c.rest)];
    const e = specPart(prop, "endpoints");
    if (e) return [...base, "endpoints", e.index, ...(/^(\w+)/.exec(e.rest)?.[1] ? [/^(\w+)/.exec(e.rest)![1]] : [])];
    const x = /^externalAccessIntegrations\[(\d+)\]/.exec(prop);
    if (x) return [...base, "egress", Number(x[1])];
    return SERVICE_FIELDS[prop] ? [...base, SERVICE_FIELDS[prop]] : base;
  };
  const fit = (spec: ServiceSpecification, pool: string, what: string, base: Path) => {
    const family = sf.computePools[pool] ? instanceFamily(sf.computePools[pool].instanceFamily) : undefined;
    if (family) reportFit(ctx, nodeFitProblems(spec, family, sf.cloud), what, (f) => [...base, "containers", f.container, "resources", ...(f.resource === "gpus" ? ["gpus"] : [f.kind, f.resource])]);
  };
  for (const [key, svc] of Object.entries(sf.services)) {
    const base: Path = ["snowflake", "services", key];
    const service = fqn(db, schema, key);
    guard(() => fit(genericServiceSpec(svc, specCtx), svc.pool, `service ${key}`, base));
    guard(() =>
      check(
        ctx,
        "Service",
        { database: db, schema, name: key, computePool: accountObjectName(sf, svc.pool), specification: genericServiceSpec(svc, specCtx), externalAccessIntegrations: svc.egress.map(eai), minInstances: svc.minInstances, maxInstances: svc.maxInstances ?? svc.minInstances, autoSuspendSecs: svc.autoSuspendSecs, autoResume: true },
        `service ${key}`,
        containerMap(base),
      ),
    );
    for (const [j, fn] of svc.functions.entries()) {
      const fp: Path = [...base, "functions", j];
      guard(() =>
        check(ctx, "ServiceFunction", { database: db, schema, ...fn, service }, `function ${fn.name}`, (prop) => {
          const a = /^args\[(\d+)\]\.(name|type)/.exec(prop);
          if (a) return [...fp, "args", Number(a[1]), a[2]];
          return FUNCTION_FIELDS.includes(prop) ? [...fp, prop] : fp;
        }),
      );
    }
    grants(service, svc.endpointRoles, [...base, "endpointRoles"]);
  }
  for (const [key, job] of Object.entries(sf.jobs)) {
    const base: Path = ["snowflake", "jobs", key];
    guard(() => fit(jobSpec(job, specCtx), job.pool, `job service ${key}`, base));
    guard(() =>
      check(
        ctx,
        "JobService",
        { database: db, schema, name: key, computePool: accountObjectName(sf, job.pool), specification: jobSpec(job, specCtx), externalAccessIntegrations: job.egress.map(eai), replicas: job.replicas, queryWarehouse: sf.warehouse.name },
        `job service ${key}`,
        containerMap(base),
      ),
    );
  }
}
