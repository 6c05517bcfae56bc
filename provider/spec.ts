/**
 * SPCS service specification: render to YAML, digest, parse back, validate.
 *
 * Every rule follows Snowflake's "Service specification reference":
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 */
export { SPEC_REFERENCE_URL, renderSpecification, normalizeSpecification, specDigest, parseSpecification } from "./spec/render";
