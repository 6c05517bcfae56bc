/**
 * "What the provider will refuse, config refuses first." For every SPCS object the program will
 * create, the inputs are built from the config the way the components build them (the same pure
 * builders: `modelServiceSpec`, `genericServiceSpec`, `modelFunction`, the naming helpers) and run
 * through the provider's own `check` (`validateInputs`: required fields, ranges, the SPCS spec
 * validator and the SQL builders), and each service's containers through a node-fit check. A refusal
 * is reported at the config field it comes from, so `npm run plan` and `pulumi up` stop on the same
 * inputs, before anything is touched. (tests/config/renderable.test.ts checks that these inputs are
 * the ones the program registers.)
 */
import type { z } from "zod";
import { instanceFamily, type InstanceFamily } from "../catalog/instanceFamilies";
import { modelFunction } from "../components/snowflake/modelFunction";
import { modelServiceSpec } from "../components/snowflake/modelSpec";
import { genericServiceSpec, jobSpec, type SpecContext } from "../components/snowflake/genericSpec";
import { accountObjectName, ALL_ENDPOINTS_USAGE, fqn, GATEWAY_IMAGE_NAME, specImagePath, UNKNOWN_DIGEST } from "../components/snowflake/naming";
import { applyDefaults, validateInputs } from "../provider/checks";
import type { ServiceSpecification, SpcsKind } from "../provider/resources";
import { GATEWAY_VERSION } from "../services/gateway/src/version";
import { mirroredName } from "../validators/image";
import { nodeFitProblems, type FitProblem } from "./nodeFit";
import { resolveModel } from "./resolve";
import type { StackConfig } from "./schema";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Maps a provider property (`specification.spec.containers[0].image`, `args[1].type`) to a config path. */
type PropertyMap = (property: string) => Path;

/** One object the SPCS provider will be asked to create, with its inputs as the components build them. */
export interface SpcsObject {
  readonly kind: SpcsKind;
  /** For messages: `service QWEN_SERVICE`. */
  readonly what: string;
  readonly inputs: Record<string, unknown>;
  /** The config path a provider property comes from. */
  readonly pathOf: PropertyMap;
  /** Services and jobs: the node their containers must fit on, and where a misfit is configured. */
  readonly node?: { readonly family: InstanceFamily; readonly pathOf: (f: FitProblem) => Path };
}

/** `specification.spec.containers[2].resources.requests.memory` → { index: 2, rest: "resources.requests.memory" }. */
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

/**
 * Every SPCS object a valid config makes the program create, in no particular order. An object whose
 * inputs cannot even be built (a field-level problem) is left out: its own issue explains it.
 * `hfToken`: whether `llmstack:hfToken` is set (the program then mounts it in every model service);
 * the config alone cannot know, so by default only where a gated model requires it.
 */
export function spcsObjects(cfg: StackConfig, opts: { readonly hfToken?: boolean } = {}): SpcsObject[] {
  const sf = cfg.snowflake;
  if (!sf) return [];
  const out: SpcsObject[] = [];
  const add = (build: () => SpcsObject | undefined) => {
    try {
      const o = build();
      if (o) out.push(o);
    } catch {
      /* malformed input: its field-level issue explains it */
    }
  };
  const db = sf.database;
  const schema = sf.schemas[0];
  const specCtx: SpecContext = { database: db, schema, repositoryPath: `/${db}/${schema}/${sf.imageRepository.name}`.toLowerCase() };
  const eai = (list: string) => accountObjectName(sf, `${list}_EAI`);
  // Images the program pushes are named by the pushed digest (components/snowflake/platform.ts).
  const pushed = (ref: string) => (cfg.images.push === false ? ref : `${ref}@${UNKNOWN_DIGEST}`);
  const familyOf = (pool: string) => (sf.computePools[pool] ? instanceFamily(sf.computePools[pool].instanceFamily) : undefined);

  for (const [key, pool] of Object.entries(sf.computePools)) {
    const path: Path = ["snowflake", "computePools", key];
    const name = accountObjectName(sf, key);
    add(() => ({
      kind: "ComputePool",
      what: `compute pool ${name}`,
      inputs: { name, instanceFamily: pool.instanceFamily, minNodes: pool.minNodes, maxNodes: pool.maxNodes ?? pool.minNodes, autoResume: pool.autoResume, autoSuspendSecs: pool.autoSuspendSecs, initiallySuspended: pool.initiallySuspended },
      pathOf: (p) => (p === "name" ? path : [...path, p.replace(/\[.*$/, "")]),
    }));
  }
  add(() => ({ kind: "ImageRepository", what: `image repository ${sf.imageRepository.name}`, inputs: { database: db, schema, name: sf.imageRepository.name, encryption: sf.imageRepository.encryption }, pathOf: () => ["snowflake", "imageRepository"] }));
  for (const list of Object.keys(sf.egress)) {
    add(() => ({ kind: "ExternalAccessIntegration", what: `external access integration ${eai(list)}`, inputs: { name: eai(list), allowedNetworkRules: [fqn(db, schema, `${list}_EGRESS`)], enabled: true }, pathOf: () => ["snowflake", "egress", list] }));
  }
  const grants = (service: string, roles: readonly string[], path: Path) =>
    roles.forEach((toRole, j) => add(() => ({ kind: "ServiceRoleGrant", what: `the grant of ${service}'s endpoints to ${toRole}`, inputs: { service, serviceRole: ALL_ENDPOINTS_USAGE, toRole }, pathOf: () => [...path, j] })));

  // Model services: the spec and function the ModelService component renders.
  for (const [i, model] of cfg.models.entries()) {
    const p = model.snowflake;
    const resolved = p ? resolveModel(model) : undefined;
    const family = p ? familyOf(p.pool) : undefined;
    if (!p || !resolved || !family) continue;
    const base: Path = ["models", i, "snowflake"];
    const imageKey = family.gpu ? "vllm" : "vllmCpu";
    const fn = p.function === false ? undefined : p.function;
    const serviceName = `${resolved.sfName}_SERVICE`;
    const service = fqn(db, schema, serviceName);
    const lists = p.egress ?? Object.keys(sf.egress);
    const pathOf: PropertyMap = (prop) => {
      const e = /^externalAccessIntegrations\[(\d+)\]/.exec(prop);
      if (e) return p.egress ? [...base, "egress", Number(e[1])] : ["snowflake", "egress", lists[Number(e[1])]];
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
    add(() => {
      const specification = modelServiceSpec({
        model: resolved,
        family,
        gpus: p.gpus ?? (family.gpu ? 1 : 0),
        modelImage: pushed(specImagePath(db, schema, sf.imageRepository.name, mirroredName(cfg.images[imageKey]))),
        gatewayImage: fn ? pushed(`${specCtx.repositoryPath}/${GATEWAY_IMAGE_NAME}:${cfg.images.gatewayTag ?? GATEWAY_VERSION}`) : undefined,
        hfTokenSecret: (opts.hfToken ?? resolved.catalog?.gated) ? fqn(db, schema, "HF_TOKEN") : undefined,
        publicEndpoint: p.endpoint.public,
        resources: p.resources,
      });
      return {
        kind: "Service",
        what: `service ${serviceName}`,
        inputs: { database: db, schema, name: serviceName, computePool: accountObjectName(sf, p.pool), specification, externalAccessIntegrations: lists.map(eai), minInstances: p.minInstances, maxInstances: p.maxInstances ?? p.minInstances, autoSuspendSecs: p.autoSuspendSecs, autoResume: true },
        pathOf,
        node: {
          family,
          pathOf: (f: FitProblem): Path => {
            if (f.resource === "gpus") return [...base, "gpus"];
            const set = f.container === 0 && p.resources?.[f.kind]?.[f.resource] !== undefined;
            return set ? [...base, "resources", f.kind, f.resource] : [...base, "pool"];
          },
        },
      };
    });
    if (fn) {
      add(() => {
        const { grantUsageTo: _grants, ...f } = modelFunction(resolved, fn);
        return { kind: "ServiceFunction", what: `function ${f.name}`, inputs: { database: db, schema, ...f, service }, pathOf: (prop) => [...base, "function", ...(FUNCTION_FIELDS.includes(prop) ? [prop] : [])] };
      });
    }
    grants(service, p.endpoint.allowedRoles, [...base, "endpoint", "allowedRoles"]);
  }

  // Generic services and jobs: the containers as configured, images resolved into the repository.
  const containerMap = (base: Path): PropertyMap => (prop) => {
    const c = specPart(prop, "containers");
    if (c) return [...base, "containers", c.index, ...containerField(c.rest)];
    const e = specPart(prop, "endpoints");
    if (e) return [...base, "endpoints", e.index, ...(/^\w+/.exec(e.rest) ?? [])];
    const x = /^externalAccessIntegrations\[(\d+)\]/.exec(prop);
    if (x) return [...base, "egress", Number(x[1])];
    return SERVICE_FIELDS[prop] ? [...base, SERVICE_FIELDS[prop]] : base;
  };
  const node = (pool: string, base: Path) => {
    const family = familyOf(pool);
    return family ? { family, pathOf: (f: FitProblem): Path => [...base, "containers", f.container, "resources", ...(f.resource === "gpus" ? ["gpus"] : [f.kind, f.resource])] } : undefined;
  };
  for (const [key, svc] of Object.entries(sf.services)) {
    const base: Path = ["snowflake", "services", key];
    const service = fqn(db, schema, key);
    add(() => ({
      kind: "Service",
      what: `service ${key}`,
      inputs: { database: db, schema, name: key, computePool: accountObjectName(sf, svc.pool), specification: genericServiceSpec(svc, specCtx), externalAccessIntegrations: svc.egress.map(eai), minInstances: svc.minInstances, maxInstances: svc.maxInstances ?? svc.minInstances, autoSuspendSecs: svc.autoSuspendSecs, autoResume: true },
      pathOf: containerMap(base),
      node: node(svc.pool, base),
    }));
    for (const [j, fn] of svc.functions.entries()) {
      const fp: Path = [...base, "functions", j];
      add(() => ({
        kind: "ServiceFunction",
        what: `function ${fn.name}`,
        inputs: { database: db, schema, name: fn.name, args: fn.args, returns: fn.returns, service, endpoint: fn.endpoint, path: fn.path, maxBatchRows: fn.maxBatchRows, maxBatchRetries: fn.maxBatchRetries, onBatchFailure: fn.onBatchFailure, batchTimeoutSecs: fn.batchTimeoutSecs },
        pathOf: (prop) => {
          const a = /^args\[(\d+)\]\.(name|type)/.exec(prop);
          if (a) return [...fp, "args", Number(a[1]), a[2]];
          return FUNCTION_FIELDS.includes(prop) ? [...fp, prop] : fp;
        },
      }));
    }
    grants(service, svc.endpointRoles, [...base, "endpointRoles"]);
  }
  for (const [key, job] of Object.entries(sf.jobs)) {
    const base: Path = ["snowflake", "jobs", key];
    add(() => ({
      kind: "JobService",
      what: `job service ${key}`,
      inputs: { database: db, schema, name: key, computePool: accountObjectName(sf, job.pool), specification: jobSpec(job, specCtx), externalAccessIntegrations: job.egress.map(eai), replicas: job.replicas, queryWarehouse: sf.warehouse.name },
      pathOf: containerMap(base),
      node: node(job.pool, base),
    }));
  }
  return out;
}

export function checkRenderable(cfg: StackConfig, ctx: Ctx): void {
  for (const o of spcsObjects(cfg)) {
    if (o.node && o.inputs.specification) {
      for (const f of nodeFitProblems(o.inputs.specification as ServiceSpecification, o.node.family, cfg.snowflake!.cloud)) {
        ctx.addIssue({ code: "custom", path: o.node.pathOf(f), message: `${o.what} does not fit one node of its pool: ${f.message}`, params: { hint: "lower it, or use a larger instance family for the pool" } });
      }
    }
    for (const f of validateInputs(o.kind, applyDefaults(o.kind, o.inputs))) {
      ctx.addIssue({ code: "custom", path: o.pathOf(f.property ?? ""), message: `the SPCS provider would refuse ${o.what}: ${f.reason}` });
    }
  }
}
