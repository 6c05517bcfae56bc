/**
 * The llmstack Pulumi program: read and validate the stack config, build the platform(s), export
 * what users need. Everything else lives in components/.
 */
import { loadStackConfig } from "./config/load";
import { buildPlatform } from "./program";

const { config, secrets } = loadStackConfig();
const outputs = buildPlatform(config, secrets);

export const snowflake = outputs.snowflake;
export const kubernetes = outputs.kubernetes;
