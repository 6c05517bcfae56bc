/**
 * The `spec.containers[]` part of the service-specification schema (reference, "spec.containers field"):
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 */
import { z } from "zod";
import { absolutePath, cpu, memory, objectName, port, show, stringList } from "./fields";

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

export const container = z.strictObject({
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
