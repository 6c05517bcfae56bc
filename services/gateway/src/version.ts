/**
 * Version of the gateway service. It is the default image tag of the gateway image (never `latest`,
 * so a service spec always names an exact build): SPCS keeps running the image it already pulled for a
 * tag, so a code change must come with a new version.
 */
export const GATEWAY_VERSION = "0.2.0";

/**
 * SHA-256 of the sources this version was cut from (Dockerfile, tsconfig.json, src/*.ts but this file).
 * A test recomputes it and fails when the code changed without a version bump: bump
 * {@link GATEWAY_VERSION}, then copy the hash the test prints here.
 */
export const GATEWAY_SOURCE_SHA256 = "d5c759e5ac46801442e0a8dd564d5e07bdc8fd509ee2d1cbd593fb7b5435caea";
