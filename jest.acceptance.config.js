/**
 * `npm run test:acceptance`: the provider lifecycle through the real plugin and the real snowflake-sdk
 * driver, against the Snowflake emulator (default) or a real account (SNOWFLAKE_ACCOUNT_NAME set; see
 * tests/acceptance/target.ts). Separate from `npm test`: it spawns processes and, on a real account,
 * takes minutes.
 */
const base = require("./jest.config.js");
module.exports = {
  ...base,
  roots: ["<rootDir>/tests/acceptance"],
  testMatch: ["**/*.acceptance.ts"],
  testTimeout: 60 * 60_000,
  // snowflake-sdk 3.3.0 loads its "minicore" native helper at import (dist/lib/minicore), which keeps a
  // handle open after every connection is closed; without this the run would not end.
  forceExit: true,
};
