/**
 * The `spec.containers[]` part of the service-specification schema (reference, "spec.containers field"):
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 */
import { z } from "zod";
import { absolutePath, cpu, memory, objectName, port, show, stringList, wholeNumber } from "./fields";

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

/**
 * Reference, "containers.readinessProbe" and "containers.livenessProbe": Snowflake makes an HTTP GET
 * to `port` and `path` and expects 200 OK. `periodSeconds` (how often, in seconds: default 5 for
 * readiness, 10 for liveness) and `failureThreshold` (consecutive failures before traffic stops or
 * the container restarts: default 3) are `<integer>`s. The page states no minimum; we refuse 0 and
 * below (a probe every 0 seconds, or failing after 0 failures, means nothing): our reading, not the page's.
 */
export const probe = (which: "readinessProbe" | "livenessProbe") =>
  z.strictObject({
    port: port.describe("Port Snowflake sends the HTTP GET to (need not be an endpoint)."),
    path: absolutePath(`${which}.path`).describe("HTTP path of the GET; 200 OK passes."),
    periodSeconds: wholeNumber(`${which}.periodSeconds`, "seconds", 1)
      .optional()
      .describe(`How often to probe, in seconds. @default ${which === "readinessProbe" ? 5 : 10} (Snowflake's)`),
    failureThreshold: wholeNumber(`${which}.failureThreshold`, "failures", 1)
      .optional()
      .describe(`Consecutive failures before ${which === "readinessProbe" ? "traffic stops" : "the container restarts"}. @default 3 (Snowflake's)`),
  });

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

/**
 * Reference, "containers.sessionTokenConfig" `path`: an absolute directory, "normalized" (no `.` or
 * `..` segment, no redundant slashes, no trailing slash), of letters, digits, `/`, `-`, `_` and `.`.
 * Returns what is wrong, or undefined.
 */
export function sessionTokenPathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return "must be an absolute directory path";
  if (!/^[A-Za-z0-9/_.-]+$/.test(path)) return "may contain only letters, digits, /, -, _ and .";
  if (path.endsWith("/")) return "must not end with /";
  const segments = path.slice(1).split("/");
  if (segments.includes("")) return "must not contain redundant slashes (//)";
  if (segments.some((s) => s === "." || s === "..")) return 'must be normalized: no "." or ".." segment';
  return undefined;
}

/**
 * Reference, "containers.sessionTokenConfig" `permission`: a quoted four-digit octal mode ("An
 * unquoted value such as 0600 is parsed as an integer and is rejected") that "can't grant more access
 * than the default ["0644"] and must retain owner read access".
 */
export const SESSION_TOKEN_DEFAULT_MODE = 0o644;
function permissionProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `must be a quoted octal string such as "0600" (an unquoted 0600 is read as a number and refused), got ${show(value)}`;
  if (!/^0[0-7]{3}$/.test(value)) return `must be four octal digits with a leading 0, such as "0600", got ${show(value)}`;
  const mode = parseInt(value, 8);
  if ((mode & ~SESSION_TOKEN_DEFAULT_MODE) !== 0 || (mode & 0o400) === 0) {
    return `must not grant more than "0644" and must keep owner read ("0400", "0600", "0640", "0644"...), got ${show(value)}`;
  }
  return undefined;
}

/**
 * Reference, "containers.sessionTokenConfig": where and how Snowflake mounts the service user's OAuth
 * token (`<path>/token`, default `/snowflake/session/token`). At least one field; `permission` only
 * with `path`; `mountConnectionConfig` (default false) also writes a `connections.toml`.
 */
const sessionTokenConfig = z
  .strictObject({
    path: z
      .string({ error: (iss) => `sessionTokenConfig.path must be a string, got ${show(iss.input)}` })
      .superRefine((p, ctx) => {
        const problem = sessionTokenPathProblem(p);
        if (problem) ctx.addIssue({ code: "custom", message: `sessionTokenConfig.path ${problem}, got ${show(p)}` });
      })
      .optional(),
    permission: z
      .unknown()
      .superRefine((v, ctx) => {
        const problem = permissionProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: `sessionTokenConfig.permission ${problem}` });
      })
      .optional(),
    mountConnectionConfig: z.boolean({ error: (iss) => `sessionTokenConfig.mountConnectionConfig must be true or false, got ${show(iss.input)}` }).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.path === undefined && c.permission === undefined && c.mountConnectionConfig === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "sessionTokenConfig must contain at least one of path, permission, mountConnectionConfig" });
    }
    if (c.permission !== undefined && c.path === undefined) {
      ctx.addIssue({ code: "custom", path: ["permission"], message: "sessionTokenConfig.permission can be set only together with sessionTokenConfig.path" });
    }
  });

/** `a` and `b` are the same directory or one holds the other. */
function overlaps(a: string, b: string): boolean {
  const dir = (p: string) => (p.endsWith("/") ? p : `${p}/`);
  return dir(a).startsWith(dir(b)) || dir(b).startsWith(dir(a));
}

export const container = z
  .strictObject({
    name: objectName,
    image,
    command: stringList("command").optional(),
    args: stringList("args").optional(),
    env: env.optional(),
    readinessProbe: probe("readinessProbe").optional(),
    livenessProbe: probe("livenessProbe").optional(),
    volumeMounts: z.array(z.strictObject({ name: z.string().min(1), mountPath: absolutePath("mountPath") })).optional(),
    resources: resources.optional(),
    // Reference, "containers.mountSessionToken": default true; false = no session token in this container.
    mountSessionToken: z.boolean({ error: (iss) => `mountSessionToken must be true or false, got ${show(iss.input)}` }).optional(),
    sessionTokenConfig: sessionTokenConfig.optional(),
    secrets: z.array(secret).optional(),
  })
  .superRefine((c, ctx) => {
    // Reference: "You can't specify sessionTokenConfig on a container when mountSessionToken is false."
    if (c.mountSessionToken === false && c.sessionTokenConfig !== undefined) {
      ctx.addIssue({ code: "custom", path: ["sessionTokenConfig"], message: "sessionTokenConfig is not allowed when mountSessionToken is false (no token is mounted in this container)" });
    }
    // Reference: the path "can't overlap a location reserved by Snowflake or another volume or secret
    // mount in the same container". The reserved locations are not listed, so only mounts are checked.
    const path = c.sessionTokenConfig?.path;
    if (path === undefined || sessionTokenPathProblem(path)) return;
    const mounts = [
      ...(c.volumeMounts ?? []).map((m) => [`volumeMount ${show(m.name)}`, m.mountPath] as const),
      ...(c.secrets ?? []).filter((s) => s.directoryPath !== undefined).map((s) => ["secret directoryPath", s.directoryPath!] as const),
    ];
    for (const [what, at] of mounts) {
      if (overlaps(path, at)) {
        ctx.addIssue({ code: "custom", path: ["sessionTokenConfig", "path"], message: `sessionTokenConfig.path ${show(path)} overlaps the ${what} at ${show(at)}: the token directory must not overlap another volume or secret mount of the container` });
      }
    }
  });
