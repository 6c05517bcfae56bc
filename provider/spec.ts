/**
 * SPCS service specification: render to YAML, digest, parse back, validate, find plaintext secrets.
 *
 * Every rule follows Snowflake's "Service specification reference":
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 */
export { SPEC_REFERENCE_URL, renderSpecification, normalizeSpecification, specDigest, parseSpecification } from "./spec/render";
export { validateSpecification, formatPath, type SpecIssue, type ValidateOptions, type SpecCloud } from "./spec/validate";
export { findPlaintextSecrets, isSensitiveEnvName, PLAINTEXT_SECRET_PATTERNS, type SecretPattern } from "./spec/secrets";
