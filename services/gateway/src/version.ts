/**
 * Version of the gateway service. It is the default image tag of the gateway image (never `latest`,
 * so a service spec always names an exact build): bump it whenever the gateway's code changes, or SPCS
 * keeps running the image it already pulled for this tag.
 */
export const GATEWAY_VERSION = "0.1.0";
