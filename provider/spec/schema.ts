/**
 * A zod schema mirroring Snowflake's "Service specification reference":
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 *
 * Objects are strict so a misspelled or Kubernetes-only field fails instead of being silently
 * dropped by Snowflake or by us. Rules that relate fields of one object live in that object's
 * `superRefine`; rules that relate parts of the document (names referenced elsewhere, uniqueness)
 * live in `validate.ts`, which can see the whole document.
 *
 * Messages say what is wrong, the value, and what is allowed: they end up in `pulumi preview`.
 */
import { z } from "zod";
import { blockVolumeSizeProblem } from "../limits";

/** Which cloud the account runs on, when known: it narrows the block-volume size, iops and throughput ranges. */
export type SpecCloud = "aws" | "azure" | "gcp";

/** What the caller knows about where the spec will run. */
export interface ValidateOptions {
  /** The spec is for `EXECUTE JOB SERVICE`: the reference requires every endpoint to be TCP. */
  job?: boolean;
  cloud?: SpecCloud;
}

/** JSON-ish preview of a value for a message (never used on values that may be secrets). */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Container, endpoint and volume names. Reference, "General guidelines": up to 63 characters,
 * lowercase alphanumeric or `-`, start with a letter, end with a letter or digit.
 */
export const OBJECT_NAME = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const NAME_RULE = "up to 63 characters of a-z, 0-9 and -, starting with a letter and ending with a letter or digit";
const objectName = z.string().regex(OBJECT_NAME, { error: (iss) => `invalid name ${show(iss.input)}: ${NAME_RULE}` });

/** Reference, "serviceRoles field": alphanumeric or `_`, start with a letter, end alphanumeric. */
export const SERVICE_ROLE_NAME = /^[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?$/;

/**
 * Images come only from an image repository in the account (reference, "containers.image").
 * Two spellings reach it: the repository path `/db/schema/repo/image[:tag|@digest]` used in the
 * reference's examples, and the same path behind the account's registry host
 * (`<org>-<acct>.registry.snowflakecomputing.com`, see "Working with an image registry and
 * repository"; `.cn` in China regions, `.privatelink.` for private connectivity).
 * Path segments follow the OCI distribution spec: lowercase, so `/DB/...` is refused here rather
 * than at pull time.
 */
const OCI_SEGMENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const IMAGE_REF = new RegExp(
  `^(?:[a-z0-9-]+\\.registry(?:\\.privatelink)?\\.snowflakecomputing\\.(?:com|cn))?` +
    `(?:/${OCI_SEGMENT}){4,}` + // db / schema / repo / image (an image name may be nested)
    `(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
  "i",
);
export function isSpcsImage(image: string): boolean {
  // The host is case-insensitive; the path is not (OCI), hence the second test.
  const path = image.replace(/^[^/]*/, "").replace(/[:@].*$/, "");
  return IMAGE_REF.test(image) && path === path.toLowerCase();
}
const image = z.string().refine(isSpcsImage, {
  error: (iss) =>
    `image ${show(iss.input)} is not in an SPCS image repository: use /<db>/<schema>/<repo>/<image>:<tag> ` +
    `(or <org>-<acct>.registry.snowflakecomputing.com/<db>/<schema>/<repo>/<image>:<tag>), lowercase; ` +
    `SPCS pulls only from the account's image repositories, so push public images there first`,
});

const port = z
  .number({ error: (iss) => `port must be an integer 1-65535, got ${show(iss.input)}` })
  .int({ error: (iss) => `port must be an integer 1-65535, got ${show(iss.input)}` })
  .min(1, { error: (iss) => `port must be 1-65535, got ${show(iss.input)}` })
  .max(65535, { error: (iss) => `port must be 1-65535, got ${show(iss.input)}` });

const absolutePath = (what: string) =>
  z.string().startsWith("/", { error: (iss) => `${what} must be an absolute path starting with "/", got ${show(iss.input)}` });

const stringList = (what: string) =>
  z.array(z.string({ error: (iss) => `${what} entries must be strings, got ${show(iss.input)} (quote numbers)` }), {
    error: (iss) => `${what} must be a list of strings, got ${show(iss.input)}`,
  });

/** Reference, "containers.env": a map of variable name to value. We also refuse null/lists/maps. */
const env = z.record(
  z.string().min(1),
  z.union([z.string(), z.number(), z.boolean()], {
    error: (iss) => `env values must be scalars (string, number or boolean), got ${show(iss.input)}`,
  }),
  { error: (iss) => `env must be a map NAME: value (not a Kubernetes list of {name, value}), got ${show(iss.input)}` },
);

/** Reference, "containers.readinessProbe": only `port` and `path`; Snowflake GETs it and expects 200. */
const readinessProbe = z.strictObject({ port, path: absolutePath("readinessProbe.path") });

/**
 * Reference, "containers.resources" and "About units": memory needs one of the units M, Mi, G, Gi
 * (the units list says the number is an integer); cpu is vCPUs, fractional allowed (0.5 or "500m").
 */
export const MEMORY_QUANTITY = /^[1-9][0-9]*(?:M|Mi|G|Gi)$/;
export const CPU_QUANTITY = /^(?:(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|[1-9][0-9]*m)$/;
const memory = z.string({ error: (iss) => `memory needs a unit (M, Mi, G or Gi, e.g. "16Gi"), got ${show(iss.input)}` }).regex(MEMORY_QUANTITY, {
  error: (iss) => `memory must be a whole number with a unit M, Mi, G or Gi (e.g. "16Gi", "1536Mi"), got ${show(iss.input)}`,
});
const cpuRule = { error: (iss: { input?: unknown }) => `cpu must be a positive number of vCPUs (0.5, 2) or millicores ("500m"), got ${show(iss.input)}` };
// zod reports the branch whose type matched (number or string), so each branch carries the message.
const cpu = z.union([z.number().positive(cpuRule), z.string().regex(CPU_QUANTITY, cpuRule).refine((s) => !/^0+(?:\.0+)?m?$/.test(s), cpuRule)], cpuRule);
const gpuCount = z
  .number({ error: (iss) => `nvidia.com/gpu must be a whole number of GPUs, got ${show(iss.input)}` })
  .int({ error: (iss) => `nvidia.com/gpu must be a whole number of GPUs, got ${show(iss.input)}` })
  .min(0, { error: (iss) => `nvidia.com/gpu must not be negative, got ${show(iss.input)}` });
const amounts = z.strictObject({ memory: memory.optional(), cpu: cpu.optional(), "nvidia.com/gpu": gpuCount.optional() });

const resources = z.strictObject({ requests: amounts.optional(), limits: amounts.optional() }).superRefine((r, ctx) => {
  // Reference: "If GPUs are required, they must be requested, and there must also be a limit
  // specified for the same quantity." Without both, the container sees no GPU at all.
  const request = r.requests?.["nvidia.com/gpu"];
  const limit = r.limits?.["nvidia.com/gpu"];
  if (request === undefined && limit === undefined) return;
  if (request === undefined || limit === undefined) {
    const [have, missing] = request === undefined ? ["limits", "requests"] : ["requests", "limits"];
    ctx.addIssue({
      code: "custom",
      path: [missing, "nvidia.com/gpu"],
      message: `GPUs must be both requested and limited to the same count: ${have}.nvidia.com/gpu is ${show(request ?? limit)} but ${missing}.nvidia.com/gpu is missing`,
    });
  } else if (request !== limit) {
    ctx.addIssue({
      code: "custom",
      path: ["limits", "nvidia.com/gpu"],
      message: `GPU request and limit must be equal: requests.nvidia.com/gpu is ${request}, limits.nvidia.com/gpu is ${limit}`,
    });
  }
});

const SECRET_KEYS = ["username", "password", "secret_string"] as const;
/**
 * Reference, "containers.secrets": `snowflakeSecret` is an object with `objectName` or
 * `objectReference` (or a plain name, "equivalent to snowflakeSecret.objectName"); the secret goes
 * to `envVarName` (with `secretKeyRef` naming the key) or to files under `directoryPath`.
 */
const secret = z
  .strictObject({
    snowflakeSecret: z.union([z.string().min(1), z.strictObject({ objectName: z.string().min(1).optional(), objectReference: z.string().min(1).optional() })], {
      error: (iss) => `snowflakeSecret must be a secret name or {objectName: <db.schema.secret>} or {objectReference: <ref>}, got ${show(iss.input)}`,
    }),
    envVarName: z.string().min(1).optional(),
    secretKeyRef: z.enum(SECRET_KEYS, { error: (iss) => `secretKeyRef must be one of ${SECRET_KEYS.join(", ")}, got ${show(iss.input)}` }).optional(),
    directoryPath: absolutePath("directoryPath").optional(),
  })
  .superRefine((s, ctx) => {
    if (typeof s.snowflakeSecret === "object") {
      const { objectName, objectReference } = s.snowflakeSecret;
      if ((objectName === undefined) === (objectReference === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["snowflakeSecret"],
          message: `snowflakeSecret needs exactly one of objectName or objectReference, got ${objectName === undefined ? "neither" : "both"}`,
        });
      }
    }
    if ((s.envVarName === undefined) === (s.directoryPath === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: `a secret goes either to an environment variable (envVarName + secretKeyRef) or to files (directoryPath), got ${s.envVarName === undefined ? "neither" : "both"}`,
      });
    }
    if (s.secretKeyRef !== undefined && s.envVarName === undefined) {
      ctx.addIssue({ code: "custom", path: ["secretKeyRef"], message: `secretKeyRef ${show(s.secretKeyRef)} is allowed only with envVarName (directoryPath writes every key as a file)` });
    }
    // The reference does not say "required" in so many words, but an environment variable holds one
    // value, so it must say which key of the secret that is.
    if (s.envVarName !== undefined && s.secretKeyRef === undefined) {
      ctx.addIssue({ code: "custom", path: ["secretKeyRef"], message: `envVarName ${show(s.envVarName)} needs secretKeyRef: one of ${SECRET_KEYS.join(", ")}` });
    }
  });

const container = z.strictObject({
  name: objectName,
  image,
  command: stringList("command").optional(),
  args: stringList("args").optional(),
  env: env.optional(),
  readinessProbe: readinessProbe.optional(),
  volumeMounts: z.array(z.strictObject({ name: z.string().min(1), mountPath: absolutePath("mountPath") })).optional(),
  resources: resources.optional(),
  secrets: z.array(secret).optional(),
});

/**
 * Reference, "spec.endpoints": protocol TCP or HTTP (default HTTP). Older versions of the page also
 * listed HTTPS; the current one does not, and Snowflake terminates TLS at ingress anyway.
 */
const PROTOCOLS = ["TCP", "HTTP"] as const;
const PORT_RANGE = /^([0-9]{1,5})-([0-9]{1,5})$/;
const cors = z.strictObject({
  "Access-Control-Allow-Origin": z.array(
    z.string().refine((o) => o !== "*" && /^https?:\/\/[^/\s*]+\/?$/.test(o), {
      error: (iss) => `Access-Control-Allow-Origin entries must be origins like "https://example.com" (no path, no "*"), got ${show(iss.input)}`,
    }),
  ).min(1),
  "Access-Control-Allow-Methods": z.array(z.string()).optional(),
  "Access-Control-Allow-Headers": z.array(z.string()).optional(),
  "Access-Control-Expose-Headers": z.array(z.string()).optional(),
});
const endpoint = z
  .strictObject({
    name: objectName,
    port: port.optional(),
    portRange: z.string().optional(),
    public: z.boolean().optional(),
    protocol: z
      .enum(PROTOCOLS, {
        error: (iss) =>
          `protocol must be TCP or HTTP, got ${show(iss.input)}` + (iss.input === "HTTPS" ? " (HTTPS was listed by older versions of the reference; Snowflake terminates TLS at ingress, use HTTP)" : ""),
      })
      .optional(),
    corsSettings: cors.optional(),
  })
  .superRefine((e, ctx) => {
    const protocol = e.protocol ?? "HTTP";
    if ((e.port === undefined) === (e.portRange === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: `an endpoint needs exactly one of port or portRange, got ${e.port === undefined ? "neither" : "both"}` });
    }
    if (e.portRange !== undefined) {
      const m = PORT_RANGE.exec(e.portRange);
      const [low, high] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
      if (!(low >= 1 && high <= 65535 && low < high)) {
        ctx.addIssue({ code: "custom", path: ["portRange"], message: `portRange must be "<low>-<high>" with 1 <= low < high <= 65535, got ${show(e.portRange)}` });
      }
      // Reference: "you can only specify the portRange field if the protocol field is set to TCP
      // and the public field is false" (protocol defaults to HTTP, so TCP must be explicit).
      if (protocol !== "TCP" || e.public === true) {
        ctx.addIssue({
          code: "custom",
          path: ["portRange"],
          message: `portRange needs protocol: TCP and a non-public endpoint, got protocol ${e.protocol ?? "unset (HTTP)"}, public ${e.public ?? false}`,
        });
      }
    }
    // Reference: "Public endpoints are not supported with the TCP protocol".
    if (e.public === true && protocol !== "HTTP") {
      ctx.addIssue({ code: "custom", path: ["protocol"], message: `a public endpoint must use HTTP, got ${protocol}` });
    }
    if (e.corsSettings !== undefined && e.public !== true) {
      ctx.addIssue({ code: "custom", path: ["corsSettings"], message: "corsSettings applies to requests to public endpoints; this endpoint is not public" });
    }
  });

/**
 * Reference, "spec.volumes": source local | memory | block | stage | "@<stage>"; size only (and then
 * required) for memory and block, block as an integer with the Gi suffix; blockConfig for block;
 * uid/gid "only for stage volumes". iops 3000-16000 (AWS) / 3000-80000 (Azure), throughput
 * 125-1000 (AWS) / 125-1200 (Azure) MiB/s.
 */
const MEMORY_VOLUME_SIZE = /^[1-9][0-9]*(?:Ki|Mi|Gi|k|M|G)?$/;
const BLOCK_LIMITS: Record<SpecCloud | "any", { iops: [number, number]; throughput: [number, number]; where: string }> = {
  aws: { iops: [3000, 16000], throughput: [125, 1000], where: "on AWS" },
  azure: { iops: [3000, 80000], throughput: [125, 1200], where: "on Azure" },
  // No Google Cloud figures on the page: the widest range.
  gcp: { iops: [3000, 80000], throughput: [125, 1200], where: "(AWS allows at most 16000 iops and 1000 MiB/s)" },
  any: { iops: [3000, 80000], throughput: [125, 1200], where: "(AWS allows at most 16000 iops and 1000 MiB/s)" },
};
const volumeSchema = (cloud: SpecCloud | undefined) =>
  z
    .strictObject({
      name: objectName,
      // `stage` is the current form, `"@<stage>"` the older (bcr-bundles/2026_01/bcr-2206 volume syntax;
      // snowflake-stage-volume).
      source: z.string().refine((s) => ["local", "memory", "block", "stage"].includes(s) || /^@\S+$/.test(s), {
        error: (iss) => `source must be local, memory, block, stage or "@<stage>", got ${show(iss.input)}`,
      }),
      size: z.union([z.string(), z.number()]).optional(),
      uid: z.number().int().min(0).optional(),
      gid: z.number().int().min(0).optional(),
      blockConfig: z
        .strictObject({
          initialContents: z.strictObject({ fromSnapshot: z.string().min(1) }).optional(),
          iops: z.number().int().optional(),
          throughput: z.number().int().optional(),
          // https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_01/bcr-2206: encryption,
          // snapshotOnDelete ("defaults true for services and false for jobs, false to opt-out"),
          // snapshotDeleteAfter ("(<hours>h)|(<days>d) # defaults to 7 days").
          encryption: z.enum(["SNOWFLAKE_SSE", "SNOWFLAKE_FULL"], { error: (iss) => `blockConfig.encryption must be SNOWFLAKE_SSE or SNOWFLAKE_FULL, got ${show(iss.input)}` }).optional(),
          snapshotOnDelete: z.boolean({ error: (iss) => `blockConfig.snapshotOnDelete must be true or false, got ${show(iss.input)}` }).optional(),
          snapshotDeleteAfter: z
            .string()
            .regex(/^[1-9][0-9]*[hd]$/, { error: (iss) => `blockConfig.snapshotDeleteAfter must be <hours>h or <days>d (e.g. "24h", "7d"), got ${show(iss.input)}` })
            .optional(),
        })
        .optional(),
    })
    .superRefine((v, ctx) => {
      const sized = v.source === "memory" || v.source === "block";
      if (sized && v.size === undefined) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `a ${v.source} volume needs size (e.g. ${v.source === "block" ? '"100Gi"' : '"2Gi"'})` });
      } else if (!sized && v.size !== undefined) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `size applies only to memory and block volumes, this one is ${show(v.source)}` });
      } else if (v.source === "block" && blockVolumeSizeProblem(v.size, cloud)) {
        // Whole Gi, 1Gi-16384Gi (4Gi minimum on Google Cloud): provider/limits.ts.
        ctx.addIssue({ code: "custom", path: ["size"], message: blockVolumeSizeProblem(v.size, cloud)! });
      } else if (v.source === "memory" && !MEMORY_VOLUME_SIZE.test(String(v.size))) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `a memory volume's size must be bytes or a whole number with Ki, Mi, Gi, k, M or G (e.g. "2Gi"), got ${show(v.size)}` });
      }
      if (v.blockConfig !== undefined && v.source !== "block") {
        ctx.addIssue({ code: "custom", path: ["blockConfig"], message: `blockConfig applies only to block volumes, this one is ${show(v.source)}` });
      }
      const isStage = v.source.startsWith("@") || v.source === "stage";
      for (const key of ["uid", "gid"] as const) {
        if (v[key] !== undefined && !isStage) {
          ctx.addIssue({ code: "custom", path: [key], message: `${key} applies only to stage volumes ("@<stage>"), this one is ${show(v.source)}` });
        }
      }
      const limits = BLOCK_LIMITS[cloud ?? "any"];
      for (const key of ["iops", "throughput"] as const) {
        const value = v.blockConfig?.[key];
        const [min, max] = limits[key];
        if (value !== undefined && (value < min || value > max)) {
          const unit = key === "throughput" ? " MiB/s" : "";
          ctx.addIssue({ code: "custom", path: ["blockConfig", key], message: `blockConfig.${key} must be ${min}-${max}${unit} ${limits.where}, got ${value}` });
        }
      }
    });

/** Reference, "spec.logExporters": INFO (default), ERROR (stderr only) or NONE. */
const LOG_LEVELS = ["INFO", "ERROR", "NONE"] as const;

/** Builds the document schema; `options.cloud` narrows block-volume ranges. */
export function specificationSchema(options: ValidateOptions = {}) {
  return z.strictObject({
    spec: z.strictObject({
      containers: z.array(container, { error: (iss) => `spec.containers must be a list of containers, got ${show(iss.input)}` }).min(1, {
        error: "spec.containers needs at least one container",
      }),
      endpoints: z.array(endpoint).optional(),
      volumes: z.array(volumeSchema(options.cloud)).optional(),
      logExporters: z
        .strictObject({
          eventTableConfig: z
            .strictObject({
              logLevel: z.enum(LOG_LEVELS, { error: (iss) => `logLevel must be one of ${LOG_LEVELS.join(", ")}, got ${show(iss.input)}` }),
            })
            .optional(),
        })
        .optional(),
      platformMonitor: z
        .strictObject({ metricConfig: z.strictObject({ groups: z.array(z.string().min(1)).min(1) }).optional() })
        .optional(),
    }),
    capabilities: z.strictObject({ securityContext: z.strictObject({ executeAsCaller: z.boolean().optional() }).optional() }).optional(),
    serviceRoles: z
      .array(
        z.strictObject({
          name: z.string().regex(SERVICE_ROLE_NAME, {
            error: (iss) => `invalid service role name ${show(iss.input)}: letters, digits and _, starting with a letter and ending with a letter or digit`,
          }),
          endpoints: z.array(z.string()).min(1, { error: "a service role needs at least one endpoint" }),
        }),
      )
      .optional(),
  });
}
