/**
 * FAKE SNOWFLAKE: services and job services. Each rule cites the page or test it reproduces; the
 * state machine is in `lifecycle.ts`.
 */
import { createHash } from "node:crypto";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { Row } from "../../../provider/client";
import { alreadyExists, notFound, refused, syntaxError } from "./errors";
import { fqnOf, inSchema, like, mustGet, ok, type Catalog, type Statements, type Svc } from "./catalog";
import { specDigestOf, startService, suspendService } from "./lifecycle";
import { poolForSubmit, poolName } from "./pools";
import type { Parser } from "./sqlParser";

const hasPublicEndpoint = (spec: any) => (spec?.spec?.endpoints ?? []).some((e: { public?: boolean }) => e.public === true);

function newService(cat: Catalog, fqn: string, pool: string, specText: string, props: Record<string, unknown>, isJob: boolean): Svc {
  const [database, schema, name] = fqn.split(".");
  const replicas = (props[isJob ? "REPLICAS" : "MIN_INSTANCES"] as number) ?? 1;
  return {
    fqn,
    database,
    schema,
    name,
    pool,
    specText,
    spec: parseYaml(specText),
    isJob,
    status: "PENDING",
    pendingUntil: 0,
    minInstances: replicas,
    // MAX_INSTANCES and MIN_READY_INSTANCES default to MIN_INSTANCES (https://docs.snowflake.com/en/sql-reference/sql/create-service).
    maxInstances: (props.MAX_INSTANCES as number) ?? replicas,
    minReadyInstances: props.MIN_READY_INSTANCES as number | undefined,
    // AUTO_RESUME defaults to TRUE, AUTO_SUSPEND_SECS to 0 (create-service; services_integration_test.go `HasAutoSuspendSecs(0)`).
    autoResume: props.AUTO_RESUME !== false,
    autoSuspendSecs: (props.AUTO_SUSPEND_SECS as number) ?? 0,
    queryWarehouse: props.QUERY_WAREHOUSE as string | undefined,
    comment: props.COMMENT as string | undefined,
    eais: (props.EXTERNAL_ACCESS_INTEGRATIONS as string[]) ?? [],
    createdOn: cat.nextCreatedOn(),
    dnsHash: createHash("sha256").update(`${fqn}#${cat.tick}`).digest("hex").replace(/[0-9]/g, "").slice(0, 4).padEnd(4, "x"),
    containers: [],
    isUpgrading: false,
    ingressAt: 0,
    ingressHost: `${createHash("sha256").update(`${fqn}@${cat.tick}`).digest("hex").slice(0, 6)}-myorg-myacct.snowflakecomputing.app`,
  };
}

/**
 * block-storage-volume, "Guidelines and limitations": "The service using block storage volumes must have
 * the same minimum and maximum number of instances"; after creation "You can't change the number of
 * service instances using the ALTER SERVICE … SET … command", "You can't change the `size`, `iops`,
 * `throughput`, or `encryption` fields of block storage volumes" and "No new block storage volumes can be
 * added, and no existing block storage volumes can be removed". The refusal texts are ours (the page
 * gives none).
 */
function blockVolumesOf(spec: any): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of spec?.spec?.volumes ?? []) {
    if (v?.source !== "block") continue;
    const c = v.blockConfig ?? {};
    out.set(String(v.name), JSON.stringify([v.size, c.iops, c.throughput, c.encryption]));
  }
  return out;
}
function sameBlockVolumes(a: any, b: any): boolean {
  const [x, y] = [blockVolumesOf(a), blockVolumesOf(b)];
  return x.size === y.size && [...x].every(([name, sig]) => y.get(name) === sig);
}

function requireIntegrations(cat: Catalog, names: string[]): void {
  // CREATE/ALTER SERVICE name integrations that must exist (create-service, EXTERNAL_ACCESS_INTEGRATIONS).
  for (const e of names) if (!cat.eais.has(e)) throw notFound("Integration", e);
}

function create(cat: Catalog, p: Parser): Row[] {
  const fqn = fqnOf(p);
  p.word("IN");
  p.word("COMPUTE");
  p.word("POOL");
  const pool = poolName(p);
  p.word("FROM");
  p.word("SPECIFICATION");
  const specText = p.str();
  const props = p.props();
  poolForSubmit(cat, pool);
  requireIntegrations(cat, (props.EXTERNAL_ACCESS_INTEGRATIONS as string[]) ?? []);
  // No OR REPLACE for services (create-service).
  if (cat.services.has(fqn)) throw alreadyExists(fqn);
  const svc = newService(cat, fqn, pool, specText, props, false);
  if (blockVolumesOf(svc.spec).size > 0 && svc.minInstances !== svc.maxInstances) {
    throw refused(`Service ${fqn} uses block storage volumes: MIN_INSTANCES and MAX_INSTANCES must be equal.`);
  }
  // "Auto-suspension is not supported on services with public endpoints" (working-with-services,
  // "Suspending a service"). Whether CREATE refuses it or accepts it and misbehaves is not documented
  // (review U5); the fake refuses, so a provider that sent it would be caught.
  if ((svc.autoSuspendSecs ?? 0) > 0 && hasPublicEndpoint(svc.spec)) {
    throw refused(`AUTO_SUSPEND_SECS is not supported on service ${fqn}: it has a public endpoint.`);
  }
  startService(cat, svc);
  cat.services.set(fqn, svc);
  return ok();
}

function alter(cat: Catalog, p: Parser): Row[] {
  const s = mustGet(cat.services, fqnOf(p), "Service");
  // "Job services cannot be altered" (execute-job-service).
  if (s.isJob) throw refused("Job services cannot be altered.");
  if (p.maybeWord("FROM", "SPECIFICATION")) {
    // An upgrade: asynchronous (see lifecycle.ts); the running spec changes when it starts.
    const specText = p.str();
    if (!sameBlockVolumes(s.spec, parseYaml(specText))) {
      throw refused(`Service ${s.fqn}: block storage volumes cannot be added, removed, or change size, iops, throughput or encryption.`);
    }
    s.pendingUpgrade = { specText, startAt: cat.tick + cat.o.upgradeStartTicks };
    return ok();
  }
  if (p.maybeWord("SUSPEND")) {
    // ALTER SERVICE … SUSPEND (alter-service); the fake skips the SUSPENDING phase the Terraform test sees.
    suspendService(s);
    return ok();
  }
  if (p.maybeWord("RESUME")) {
    // RESUME "redeploys the same image version" (alter-service); the service is PENDING again
    // (services_integration_test.go "alter: suspend and resume").
    if (s.status === "SUSPENDED") {
      poolForSubmit(cat, s.pool);
      startService(cat, s);
    }
    return ok();
  }
  if (p.maybeWord("UNSET")) {
    do {
      const what = p.ident().name;
      if (what === "QUERY_WAREHOUSE") s.queryWarehouse = undefined;
      else if (what === "COMMENT") s.comment = undefined;
      else if (what === "MIN_READY_INSTANCES") s.minReadyInstances = undefined;
      else if (what === "EXTERNAL_ACCESS_INTEGRATIONS") s.eais = [];
      else throw syntaxError(`fake: cannot unset ${what}`);
    } while (p.maybePunct(","));
    return ok();
  }
  p.word("SET");
  const props = p.props();
  if (("MIN_INSTANCES" in props || "MAX_INSTANCES" in props) && blockVolumesOf(s.spec).size > 0) {
    throw refused(`Service ${s.fqn} uses block storage volumes: its number of instances cannot be changed.`);
  }
  if ("EXTERNAL_ACCESS_INTEGRATIONS" in props) {
    requireIntegrations(cat, props.EXTERNAL_ACCESS_INTEGRATIONS as string[]);
    s.eais = props.EXTERNAL_ACCESS_INTEGRATIONS as string[];
  }
  if ("AUTO_SUSPEND_SECS" in props && (props.AUTO_SUSPEND_SECS as number) > 0 && hasPublicEndpoint(s.spec)) {
    throw refused(`AUTO_SUSPEND_SECS is not supported on service ${s.fqn}: it has a public endpoint.`);
  }
  if ("MIN_INSTANCES" in props) s.minInstances = props.MIN_INSTANCES as number;
  if ("MAX_INSTANCES" in props) s.maxInstances = props.MAX_INSTANCES as number;
  if (s.maxInstances < s.minInstances) throw refused("MAX_INSTANCES must be greater than or equal to MIN_INSTANCES");
  if ("MIN_READY_INSTANCES" in props) s.minReadyInstances = props.MIN_READY_INSTANCES as number;
  if ("AUTO_RESUME" in props) s.autoResume = props.AUTO_RESUME as boolean;
  if ("AUTO_SUSPEND_SECS" in props) s.autoSuspendSecs = props.AUTO_SUSPEND_SECS as number;
  if ("QUERY_WAREHOUSE" in props) s.queryWarehouse = props.QUERY_WAREHOUSE as string;
  if ("COMMENT" in props) s.comment = props.COMMENT as string;
  // Assumption (not documented): a new MIN_INSTANCES takes effect by (re)starting instances.
  if ("MIN_INSTANCES" in props && s.status !== "SUSPENDED") startService(cat, s);
  return ok();
}

function drop(cat: Catalog, p: Parser): Row[] {
  const fqn = fqnOf(p);
  const force = p.maybeWord("FORCE");
  const s = mustGet(cat.services, fqn, "Service");
  // FORCE is needed to drop a service with block storage volumes (https://docs.snowflake.com/en/sql-reference/sql/drop-service;
  // error 395085, snowflakedb/snowflake-cli#2134).
  const block = (s.spec?.spec?.volumes ?? []).some((v: { source?: string }) => v.source === "block");
  if (block && !force) throw refused(`395085 (22000): Service ${fqn} uses block storage volumes; specify FORCE to drop the service and its volumes.`);
  cat.services.delete(fqn);
  // DELETING and DELETED are service statuses (show-service-containers-in-service, service_status): the
  // pool lists the service as DELETING for a while; how long is not documented (review L2).
  s.status = "DELETING";
  cat.deleting.push({ svc: s, until: cat.tick + cat.o.deletingTicks });
  // Service roles, and so their grants, go with the service (grant-service-role).
  for (const g of [...cat.grants]) if (g.startsWith(`${fqn}!`)) cat.grants.delete(g);
  return ok();
}

/**
 * SHOW SERVICES / DESC SERVICE columns (Snowflake-Labs/terraform-provider-snowflake pkg/sdk/services_gen.go
 * `serviceRow`; bcr-1717-1723 for current/target_instances, spec_digest, is_upgrading). The DNS name is
 * `<service>.<hash>.svc.spcs.internal` (review table D; e.g. `bordereau-app.bd3h.svc.spcs.internal` in
 * public `snow spcs service list` output).
 */
function serviceRow(s: Svc): Row {
  return {
    name: s.name,
    database_name: s.database,
    schema_name: s.schema,
    status: s.status,
    compute_pool: s.pool,
    dns_name: `${s.name.toLowerCase().replace(/_/g, "-")}.${s.dnsHash}.svc.spcs.internal`,
    current_instances: s.status === "SUSPENDED" ? 0 : s.minInstances,
    target_instances: s.status === "SUSPENDED" ? 0 : s.minInstances,
    min_instances: s.minInstances,
    max_instances: s.maxInstances,
    min_ready_instances: s.minReadyInstances ?? s.minInstances,
    auto_resume: s.autoResume,
    auto_suspend_secs: s.autoSuspendSecs,
    external_access_integrations: s.eais.length ? JSON.stringify(s.eais) : null,
    query_warehouse: s.queryWarehouse ?? null,
    comment: s.comment ?? null,
    created_on: new Date(s.createdOn),
    is_job: s.isJob,
    spec_digest: specDigestOf(s.specText),
    is_upgrading: s.isUpgrading,
  };
}

function show(cat: Catalog, p: Parser): Row[] {
  const pat = like(p.str());
  const schema = inSchema(p);
  return [...cat.services.values()].filter((s) => `${s.database}.${s.schema}` === schema && pat.test(s.name)).map(serviceRow);
}

/** Lists dropped services still DELETING too (see drop). */
function showInPool(cat: Catalog, p: Parser): Row[] {
  const pool = poolName(p);
  const live = [...cat.services.values()].filter((s) => s.pool === pool);
  const draining = cat.deleting.filter((d) => d.svc.pool === pool).map((d) => d.svc);
  return [...live, ...draining].map(serviceRow);
}

/**
 * DESC SERVICE includes "the service specification, which includes the image digest (the value of the
 * sha256 field in the specification)", for the owner role
 * (https://docs.snowflake.com/en/developer-guide/snowpark-container-services/working-with-services,
 * "Updating service code and redeploying the service"). The spec comes back as data, re-serialized.
 */
function describe(cat: Catalog, p: Parser): Row[] {
  const s = mustGet(cat.services, fqnOf(p), "Service");
  const spec = parseYaml(s.specText);
  for (const c of spec?.spec?.containers ?? []) c.sha256 = `@sha256:${createHash("sha256").update(String(c.image)).digest("hex")}`;
  return [{ ...serviceRow(s), spec: stringifyYaml(spec, { sortMapEntries: true, lineWidth: 0 }) }];
}

/**
 * SHOW ENDPOINTS IN SERVICE: columns name, port, port_range, protocol, is_public, ingress_url
 * (https://docs.snowflake.com/en/sql-reference/sql/show-endpoints; port_range: bcr-bundles/2024_04/bcr-1586).
 * ingress_url reads "Endpoints provisioning in progress…" until the URL exists (tutorial-1).
 */
function showEndpoints(cat: Catalog, p: Parser): Row[] {
  const s = mustGet(cat.services, fqnOf(p), "Service");
  const provisioning = s.status !== "RUNNING" || cat.tick < s.ingressAt;
  return (s.spec?.spec?.endpoints ?? []).map((e: { name: string; port?: number; portRange?: string; public?: boolean; protocol?: string }) => ({
    name: e.name,
    port: e.port ?? null,
    port_range: e.portRange ?? null,
    protocol: e.protocol ?? "HTTP",
    is_public: !!e.public,
    ingress_url: e.public ? (provisioning ? "Endpoints provisioning in progress... check back in a few minutes" : `${e.name}-${s.ingressHost}`) : null,
  }));
}

/**
 * SHOW SERVICE CONTAINERS IN SERVICE: "Quoted names for special characters or case-sensitive names are
 * not supported"; one row per container; while the service is PENDING or SUSPENDED the instance and
 * container columns are NULL (https://docs.snowflake.com/en/sql-reference/sql/show-service-containers-in-service).
 */
function showContainers(cat: Catalog, p: Parser): Row[] {
  const q = p.qualified();
  if (q.quoted) throw syntaxError("quoted service names are not supported by SHOW SERVICE CONTAINERS");
  const s = mustGet(cat.services, q.parts.join("."), "Service");
  const head = { database_name: s.database, schema_name: s.schema, service_name: s.name, service_status: s.status };
  if (s.containers.length === 0) {
    return [{ ...head, instance_id: null, instance_status: null, container_name: null, status: null, message: null, image_name: null }];
  }
  return s.containers.map((c) => ({
    ...head,
    instance_id: String(c.instance),
    instance_status: c.status === "READY" ? "READY" : c.status,
    container_name: c.name,
    status: c.status,
    message: c.message ?? null,
    image_name: c.image,
  }));
}

/**
 * EXECUTE JOB SERVICE … ASYNC = TRUE: returns at once; the job is PENDING right after
 * (Snowflake-Labs/terraform-provider-snowflake pkg/testacc/resource_job_service_acceptance_test.go), then
 * RUNNING, then DONE or FAILED (statuses: execute-job-service, show-service-containers-in-service).
 */
function executeJob(cat: Catalog, p: Parser): Row[] {
  const pool = poolName(p);
  p.word("FROM");
  p.word("SPECIFICATION");
  const specText = p.str();
  const props = p.props();
  if (props.ASYNC !== true) throw refused("fake: the provider only runs ASYNC = TRUE jobs");
  poolForSubmit(cat, pool);
  requireIntegrations(cat, (props.EXTERNAL_ACCESS_INTEGRATIONS as string[]) ?? []);
  const fqn = String(props.NAME);
  if (cat.services.has(fqn)) throw alreadyExists(fqn);
  const job = newService(cat, fqn, pool, specText, props, true);
  job.pendingUntil = cat.tick + cat.o.jobPendingTicks;
  cat.services.set(fqn, job);
  return [{ status: `Job ${fqn} started` }];
}

export const serviceStatements: Statements = [
  [["CREATE", "SERVICE"], create],
  [["ALTER", "SERVICE"], alter],
  [["DROP", "SERVICE"], drop],
  [["SHOW", "SERVICES", "LIKE"], show],
  [["SHOW", "SERVICES", "IN", "COMPUTE", "POOL"], showInPool],
  [["DESCRIBE", "SERVICE"], describe],
  [["SHOW", "ENDPOINTS", "IN", "SERVICE"], showEndpoints],
  [["SHOW", "SERVICE", "CONTAINERS", "IN", "SERVICE"], showContainers],
  [["EXECUTE", "JOB", "SERVICE", "IN", "COMPUTE", "POOL"], executeJob],
];

