/** How platform objects are named and referenced in SQL. */

/** `DB.SCHEMA.NAME`, the form provider inputs use for schema objects (names are validated identifiers). */
export function fqn(database: string, schema: string, name: string): string {
  return `${database}.${schema}.${name}`;
}

/** `"DB"."SCHEMA"."NAME"`: how @pulumi/snowflake grants name schema objects. */
export function quotedFqn(database: string, schema: string, name: string): string {
  return [database, schema, name].map((p) => `"${p}"`).join(".");
}

/** The path SPCS specs use for an image in an account repository: `/db/schema/repo/image:tag` (lower-case). */
export function specImagePath(database: string, schema: string, repository: string, imageAndTag: string): string {
  return `/${database}/${schema}/${repository}/${imageAndTag}`.toLowerCase();
}

/**
 * Stand-in for an image digest, which only a real push produces: the offline plan's fake push
 * outputs it, and the config check builds specs with it where the program will name a pushed image
 * by digest (`…:tag@sha256:…`), so both check the reference's full form.
 */
export const UNKNOWN_DIGEST = "sha256:" + "0".repeat(64);

/** Account-level names are prefixed so several stacks can share an account: pool GPU_S → `<prefix>_GPU_S`. */
export function accountObjectName(cfg: { readonly namePrefix?: string; readonly database: string }, key: string): string {
  return `${cfg.namePrefix ?? cfg.database}_${key}`;
}

/** Every SPCS service has this service role; it grants all of its endpoints. */
export const ALL_ENDPOINTS_USAGE = "ALL_ENDPOINTS_USAGE";

/** Default image name of the gateway in the repository. */
export const GATEWAY_IMAGE_NAME = "llmstack-gateway";
