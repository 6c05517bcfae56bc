/** Jest: TypeScript through SWC (no type-checking in the test loop; `npm test` runs tsc --noEmit first). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests", "<rootDir>/services"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.(t|j|mj)s$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }] },
  // kubernetes-models is ESM-only: let SWC turn it into CommonJS for the tests.
  transformIgnorePatterns: ["/node_modules/(?!(kubernetes-models|@kubernetes-models)/)"],
  moduleFileExtensions: ["ts", "js", "mjs", "json"],
  reporters: ["default", "<rootDir>/tests/support/summary-reporter.js"],
  testTimeout: 30000,
};
