/**
 * Primitives the parts of the service-specification schema share: names, ports, paths, resource
 * quantities, and how a value is shown in a message. Source of every rule:
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 *
 * "The reference" in provider/spec/* is the current page (probes with periodSeconds/failureThreshold,
 * livenessProbe, mountSessionToken, sessionTokenConfig, `source: stage` + stageConfig,
 * spec.resourceManagement, enableCustomCredentials), read in the Markdown copy of docs.snowflake.com
 * at szeno/snowflake-docs@b5c216b56ad3b86564fb86ab70b8444ed7e7f08f
 * markdown/en/developer-guide/snowpark-container-services/{specification-reference,scaling-services,
 * snowflake-stage-volume,block-storage-volume,spcs-execute-sql}.md. Older copies of the page list
 * only `readinessProbe {port, path}`; where the two differ, the current page wins.
 */
import { z } from "zod";

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
export const objectName = z.string().regex(OBJECT_NAME, { error: (iss) => `invalid name ${show(iss.input)}: ${NAME_RULE}` });

export const port = z
  .number({ error: (iss) => `port must be an integer 1-65535, got ${show(iss.input)}` })
  .int({ error: (iss) => `port must be an integer 1-65535, got ${show(iss.input)}` })
  .min(1, { error: (iss) => `port must be 1-65535, got ${show(iss.input)}` })
  .max(65535, { error: (iss) => `port must be 1-65535, got ${show(iss.input)}` });

export const absolutePath = (what: string) =>
  z.string().startsWith("/", { error: (iss) => `${what} must be an absolute path starting with "/", got ${show(iss.input)}` });

/** A whole number ≥ `min`, with `unit` in the message ("seconds", "failures"). */
export const wholeNumber = (what: string, unit: string, min: number) => {
  const error = (iss: { input?: unknown }) => `${what} must be a whole number of ${unit}, at least ${min}, got ${show(iss.input)}`;
  return z.number({ error }).int({ error }).min(min, { error });
};

export const stringList = (what: string) =>
  z.array(z.string({ error: (iss) => `${what} entries must be strings, got ${show(iss.input)} (quote numbers)` }), {
    error: (iss) => `${what} must be a list of strings, got ${show(iss.input)}`,
  });

/**
 * Reference, "containers.resources" and "About units": memory needs one of the units M, Mi, G, Gi
 * (the units list says the number is an integer); cpu is vCPUs, fractional allowed (0.5 or "500m").
 */
export const MEMORY_QUANTITY = /^[1-9][0-9]*(?:M|Mi|G|Gi)$/;
export const CPU_QUANTITY = /^(?:(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|[1-9][0-9]*m)$/;
export const memory = z.string({ error: (iss) => `memory needs a unit (M, Mi, G or Gi, e.g. "16Gi"), got ${show(iss.input)}` }).regex(MEMORY_QUANTITY, {
  error: (iss) => `memory must be a whole number with a unit M, Mi, G or Gi (e.g. "16Gi", "1536Mi"), got ${show(iss.input)}`,
});
/**
 * snowflake-stage-volume, "Step 1": the stage mount's resources use fractional memory in the page's
 * defaults and example (`0.5Gi`, `0.4Gi`), with the same units.
 */
export const STAGE_MEMORY_QUANTITY = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:M|Mi|G|Gi)$/;
export const stageMemory = z.string({ error: (iss) => `memory needs a unit (M, Mi, G or Gi, e.g. "1Gi"), got ${show(iss.input)}` }).regex(STAGE_MEMORY_QUANTITY, {
  error: (iss) => `memory must be a number with a unit M, Mi, G or Gi (e.g. "1Gi", "0.5Gi"), got ${show(iss.input)}`,
});
export const cpuRule = { error: (iss: { input?: unknown }) => `cpu must be a positive number of vCPUs (0.5, 2) or millicores ("500m"), got ${show(iss.input)}` };
// zod reports the branch whose type matched (number or string), so each branch carries the message.
export const cpu = z.union([z.number().positive(cpuRule), z.string().regex(CPU_QUANTITY, cpuRule).refine((s) => !/^0+(?:\.0+)?m?$/.test(s), cpuRule)], cpuRule);
