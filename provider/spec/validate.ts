/**
 * Validation of an SPCS service specification against Snowflake's "Service specification reference":
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 */
import { z } from "zod";
import { specificationSchema, show, type ValidateOptions } from "./schema";
import { VOLUMES_PER_SERVICE } from "./volume";

export type { SpecCloud, ValidateOptions } from "./schema";

/** One problem in a specification. */
export interface SpecIssue {
  /** Where, e.g. `spec.containers[0].resources.limits.nvidia.com/gpu`. */
  path: string;
  /** What is wrong, the value found, and what is allowed. */
  message: string;
}

type Path = readonly PropertyKey[];

/**
 * `["spec","containers",0,"name"]` → `spec.containers[0].name` (keys with dots stay as they are);
 * the document itself is `(root)`.
 */
export function formatPath(path: Path): string {
  if (path.length === 0) return "(root)";
  return path.reduce<string>((out, seg) => (typeof seg === "number" ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)), "");
}

/** Kubernetes probe fields written under an SPCS probe (reference, "containers.readinessProbe" / "containers.livenessProbe"). */
function probeHints(probe: "readinessProbe" | "livenessProbe"): Record<string, string> {
  const fields = `the reference lists port, path, periodSeconds and failureThreshold under ${probe}`;
  return {
    [`spec.containers.${probe}.httpGet`]: `SPCS ${probe} is not the Kubernetes probe: write port and path directly under ${probe} (${probe}: {port: 8000, path: /health}); Snowflake always makes an HTTP GET`,
    [`spec.containers.${probe}.tcpSocket`]: `SPCS ${probe} is always an HTTP GET to port and path`,
    [`spec.containers.${probe}.exec`]: `SPCS ${probe} is always an HTTP GET to port and path`,
    [`spec.containers.${probe}.initialDelaySeconds`]: `no initial delay in the specification reference: ${fields}`,
    [`spec.containers.${probe}.timeoutSeconds`]: `no timeout in the specification reference: ${fields}`,
    [`spec.containers.${probe}.successThreshold`]: `no success threshold in the specification reference: ${fields}`,
  };
}

/**
 * Why a field people often write is not in the reference, keyed by its location with list indices
 * dropped. Most come from Kubernetes pod specs, which SPCS specs resemble but are not.
 */
const UNKNOWN_FIELD_HINTS: Record<string, string> = {
  "spec.container": "did you mean spec.containers? The reference has only the plural list, for services and job services alike",
  "spec.endpoint": "did you mean spec.endpoints?",
  "spec.volume": "did you mean spec.volumes?",
  "spec.serviceRoles": "serviceRoles is a top-level field, next to spec, not inside it",
  "spec.capabilities": "capabilities is a top-level field, next to spec, not inside it",
  containers: "containers belongs under spec",
  endpoints: "endpoints belongs under spec",
  volumes: "volumes belongs under spec",
  ...probeHints("readinessProbe"),
  ...probeHints("livenessProbe"),
  "spec.containers.startupProbe": "not in the specification reference, which has readinessProbe and livenessProbe (each: port, path, periodSeconds, failureThreshold)",
  "spec.containers.sessionToken": "did you mean mountSessionToken (true/false) or sessionTokenConfig ({path, permission, mountConnectionConfig})?",
  "spec.containers.sessionTokenConfig.mode": "the file mode is sessionTokenConfig.permission, a quoted octal string such as \"0600\"",
  "spec.volumes.stageName": "a stage volume names its stage in stageConfig.name (source: stage, stageConfig: {name: \"@my_stage\"})",
  "spec.autoscaling": "autoscaling policies are spec.resourceManagement.autoScalingPolicies (scaleUp, scaleDown, suspend)",
  "spec.resourceManagement.autoScalingPolicies.scaleUp.allConditions": "a scaleUp policy lists its conditions under anyConditions (any one of them triggers it)",
  "spec.resourceManagement.autoScalingPolicies.scaleDown.anyConditions": "a scaleDown policy lists its conditions under allConditions (all of them must hold)",
  "spec.resourceManagement.autoScalingPolicies.suspend.anyConditions": "a suspend policy lists its conditions under allConditions (all of them must hold)",
  "capabilities.securityContext.runAsUser": "SPCS securityContext takes executeAsCaller and enableCustomCredentials; to mount a stage for a non-root user set uid/gid on the stage volume",
  "spec.containers.ports": "declare ports as spec.endpoints (name, port, protocol, public)",
  "spec.containers.imagePullPolicy": "SPCS pulls from the account's image repository; there is no pull policy",
  "spec.containers.resources.requests.gpu": "the GPU resource is called nvidia.com/gpu",
  "spec.containers.resources.limits.gpu": "the GPU resource is called nvidia.com/gpu",
  "spec.containers.resources.requests.ephemeral-storage": "SPCS resources are memory, cpu and nvidia.com/gpu",
  "spec.containers.resources.limits.ephemeral-storage": "SPCS resources are memory, cpu and nvidia.com/gpu",
  "spec.containers.volumeMounts.readOnly": "SPCS volumeMounts take only name and mountPath",
  "spec.endpoints.targetPort": "an endpoint has port (or portRange): the port the container listens on",
  "spec.endpoints.containerPort": "an endpoint has port (or portRange): the port the container listens on",
};

type AnySchema = z.core.$ZodType;

/** The keys an object schema accepts at `path`, found by walking the schema (so the list never drifts). */
function stepInto(element: AnySchema, key: string): AnySchema | undefined {
  return (element._zod.def as { shape?: Record<string, AnySchema> }).shape?.[key];
}

function allowedKeysAt(schema: AnySchema, path: Path): string[] {
  let node: AnySchema | undefined = schema;
  const step = (s: AnySchema): AnySchema => {
    const def = s._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema; options?: AnySchema[] };
    if (def.type === "optional" || def.type === "nullable" || def.type === "default") return step(def.innerType!);
    if (def.type === "pipe") return step(def.in!);
    return s;
  };
  for (const seg of path) {
    if (!node) return [];
    node = step(node);
    const def = node._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; options?: AnySchema[] };
    if (def.type === "union") {
      node = def.options?.map(step).find((o) => o._zod.def.type === "object");
      if (!node) return [];
    }
    const d = node._zod.def as typeof def;
    // A field name on a list means "in each element" (the hint keys drop list indices).
    node = typeof seg === "number" ? d.element : d.type === "array" ? stepInto(step(d.element!), String(seg)) : d.shape?.[String(seg)];
  }
  if (!node) return [];
  node = step(node);
  if (node._zod.def.type === "array" && typeof path[path.length - 1] !== "number") node = step((node._zod.def as unknown as { element: AnySchema }).element);
  if (node._zod.def.type === "union") node = (node._zod.def as unknown as { options: AnySchema[] }).options.map(step).find((o) => o._zod.def.type === "object");
  const shape = (node?._zod.def as { shape?: Record<string, AnySchema> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * Hints that would be false: the hinted field is one the schema accepts, or its parent is not an
 * object the schema knows (a stale path). Empty when every hint is about a field the reference lacks.
 */
export function falseHints(): string[] {
  const schema = schemaFor({});
  return Object.keys(UNKNOWN_FIELD_HINTS).filter((where) => {
    const parts = where.split(".");
    const allowed = allowedKeysAt(schema, parts.slice(0, -1));
    return allowed.length === 0 || allowed.includes(parts[parts.length - 1]);
  });
}

function toSpecIssues(issues: readonly z.core.$ZodIssue[], schema: AnySchema): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const where = [...issue.path, key].filter((s) => typeof s !== "number").join(".");
        const hint = UNKNOWN_FIELD_HINTS[where];
        out.push({
          path: formatPath([...issue.path, key]),
          message: `unknown field ${show(key)}` + (hint ? `: ${hint}` : "") + (allowed.length ? `; allowed here: ${allowed.join(", ")}` : ""),
        });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    const field = String(issue.path[issue.path.length - 1] ?? "specification");
    let message = issue.message;
    if (issue.code === "invalid_type" && input === undefined) {
      message = `required field ${field} is missing (expected ${issue.expected})`;
    } else if (issue.code !== "custom" && !message.includes(show(input))) {
      // zod's own wording ("Invalid input: expected number, received string") lacks the value;
      // our own messages already show it.
      message = `${message} (got ${show(input)})`;
    }
    out.push({ path: formatPath(issue.path), message });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function nameOf(v: unknown): string | undefined {
  return isObject(v) && typeof v.name === "string" ? v.name : undefined;
}

/**
 * Rules across parts of the document. They read the raw input defensively and run even when other
 * parts failed the schema, so one `pulumi preview` shows every problem at once.
 */
function crossReferenceIssues(doc: unknown, options: ValidateOptions, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isObject(doc) || !isObject(doc.spec)) return;
  const spec = doc.spec;
  const add = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });

  // Reference: endpoint and volume names are "unique"; containers are told apart by name in logs
  // and metrics, and service roles are granted by name.
  const lists: [PropertyKey[], unknown[]][] = [
    [["spec", "containers"], list(spec.containers)],
    [["spec", "endpoints"], list(spec.endpoints)],
    [["spec", "volumes"], list(spec.volumes)],
    [["serviceRoles"], list(doc.serviceRoles)],
  ];
  for (const [at, items] of lists) {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const name = nameOf(item);
      if (name === undefined) return;
      // Service roles are Snowflake identifiers (case-insensitive unquoted); the others are lowercase already.
      const key = at[0] === "serviceRoles" ? name.toUpperCase() : name;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else add([...at, i, "name"], `duplicate name ${show(name)}: already used by ${formatPath([...at, first])}`);
    });
  }

  const volumes = new Set(list(spec.volumes).map(nameOf).filter((n): n is string => n !== undefined));
  list(spec.containers).forEach((c, ci) => {
    if (!isObject(c)) return;
    list(c.volumeMounts).forEach((m, mi) => {
      const name = nameOf(m);
      if (name !== undefined && !volumes.has(name)) {
        add(["spec", "containers", ci, "volumeMounts", mi, "name"], `volumeMount ${show(name)} names no volume in spec.volumes (declared: ${[...volumes].join(", ") || "none"})`);
      }
    });
  });

  const endpoints = new Set(list(spec.endpoints).map(nameOf).filter((n): n is string => n !== undefined));
  list(doc.serviceRoles).forEach((r, ri) => {
    if (!isObject(r)) return;
    list(r.endpoints).forEach((e, ei) => {
      if (typeof e === "string" && !endpoints.has(e)) {
        add(["serviceRoles", ri, "endpoints", ei], `service role endpoint ${show(e)} is not in spec.endpoints (declared: ${[...endpoints].join(", ") || "none"})`);
      }
    });
  });

  const volumeList = list(spec.volumes);
  for (const limit of VOLUMES_PER_SERVICE) {
    const n = volumeList.filter((v) => isObject(v) && typeof v.source === "string" && limit.is(v.source)).length;
    if (n > limit.max) add(["spec", "volumes"], `a service can have at most ${limit.max} ${limit.what}, this spec has ${n} (${limit.page})`);
  }

  // scaling-services: "Autoscaling applies only to services and not job services."
  if (options.job && spec.resourceManagement !== undefined) {
    add(["spec", "resourceManagement"], "autoscaling policies apply only to services, not job services: remove spec.resourceManagement from the job's spec");
  }

  // An older copy of the reference, "spec.endpoints": "The job services require all specified
  // endpoints to use the TCP protocol; HTTP/HTTPS protocols are not supported." The current page no
  // longer says so, nor the opposite; the rule is kept (HTTP is the default, so TCP must be written).
  if (options.job) {
    list(spec.endpoints).forEach((e, ei) => {
      if (isObject(e) && e.protocol !== "TCP") {
        add(["spec", "endpoints", ei, "protocol"], `job service endpoints must use protocol TCP, got ${e.protocol === undefined ? "unset (HTTP)" : show(e.protocol)}`);
      }
    });
  }
}

/** Built once per option set: the config validates every service's spec on each run, and zod schemas are costly to build. */
type SpecSchema = ReturnType<typeof specificationSchema>;
const schemas = new Map<string, SpecSchema>();
function schemaFor(options: ValidateOptions): SpecSchema {
  const key = `${options.job === true}|${options.cloud ?? ""}`;
  let schema = schemas.get(key);
  if (!schema) {
    schema = specificationSchema(options).check(z.superRefine((doc, ctx) => crossReferenceIssues(doc, options, ctx), { when: () => true }));
    schemas.set(key, schema);
  }
  return schema;
}

/**
 * Checks a specification (typed or parsed from YAML) against the SPCS specification reference:
 * required and unknown fields, name rules and uniqueness, image form, env scalars, readiness and
 * liveness probes, session token settings, resource quantities and GPU request = limit, endpoint
 * port/portRange/protocol/public rules, volume sources/sizes/blockConfig ranges/stageConfig and
 * per-service volume counts, volumeMounts and serviceRoles references, secrets, logLevel,
 * autoscaling policies and capabilities. Returns every issue found (empty when valid); never throws.
 *
 * Does not look for credentials in plain text: see {@link findPlaintextSecrets}.
 */
export function validateSpecification(spec: unknown, options: ValidateOptions = {}): SpecIssue[] {
  const schema = schemaFor(options);
  const result = schema.safeParse(spec, { reportInput: true });
  if (result.success) return [];
  return toSpecIssues(result.error.issues, schema);
}
