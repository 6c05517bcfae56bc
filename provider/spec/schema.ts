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
import { container } from "./container";
import { objectName, port, show, type ValidateOptions } from "./fields";
import { resourceManagement } from "./scaling";
import { volumeSchema } from "./volume";

export { CPU_QUANTITY, MEMORY_QUANTITY, OBJECT_NAME, show, type SpecCloud, type ValidateOptions } from "./fields";
export { isSpcsImage, probe } from "./container";

/** Reference, "serviceRoles field": alphanumeric or `_`, start with a letter, end alphanumeric. */
export const SERVICE_ROLE_NAME = /^[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?$/;

/**
 * Reference, "spec.endpoints": protocol TCP or HTTP (default HTTP). Older versions of the page also
 * listed HTTPS; the current one lists "TCP and HTTP" ("Public endpoints only support the “HTTP” value"),
 * though one sentence still says "HTTP or HTTPS" for public and service-function endpoints.
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
          `protocol must be TCP or HTTP, got ${show(iss.input)}` + (iss.input === "HTTPS" ? " (HTTPS was listed by older versions of the reference; the current one lists TCP and HTTP, and public endpoints support only HTTP: use HTTP)" : ""),
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
    // Reference, "spec.endpoints": "Public endpoints only support the “HTTP” value for the protocol field".
    if (e.public === true && protocol !== "HTTP") {
      ctx.addIssue({ code: "custom", path: ["protocol"], message: `a public endpoint must use HTTP, got ${protocol}` });
    }
    if (e.corsSettings !== undefined && e.public !== true) {
      ctx.addIssue({ code: "custom", path: ["corsSettings"], message: "corsSettings applies to requests to public endpoints; this endpoint is not public" });
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
      // Reference, "spec.resourceManagement field"; fields per scaling-services (scaling.ts).
      resourceManagement: resourceManagement.optional(),
    }),
    // Reference, "capabilities field": executeAsCaller (caller's rights) and enableCustomCredentials
    // (customer-provided credentials, spcs-execute-sql), both default false.
    capabilities: z
      .strictObject({
        securityContext: z
          .strictObject({
            executeAsCaller: z.boolean({ error: (iss) => `executeAsCaller must be true or false, got ${show(iss.input)}` }).optional(),
            enableCustomCredentials: z.boolean({ error: (iss) => `enableCustomCredentials must be true or false, got ${show(iss.input)}` }).optional(),
          })
          .optional(),
      })
      .optional(),
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
