/**
 * Version of the gateway service. It is the default image tag of the gateway image (never `latest`,
 * so a service spec always names an exact build): SPCS keeps running the image it already pulled for a
 * tag, so a code change must come with a new version.
 */
export const GATEWAY_VERSION = "0.3.0";

/**
 * SHA-256 of the sources this version was cut from (Dockerfile, tsconfig.json, src/*.ts but this file).
 * A test recomputes it and fails when the code changed without a version bump: bump
 * {@link GATEWAY_VERSION}, then copy the hash the test prints here.
 */
export const GATEWAY_SOURCE_SHA256 = "1a8d324a363a6d40721ee544319cace49baf54373b2a89d7f5dbd7d199b8f0f3";
