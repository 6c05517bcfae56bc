/**
 * Jest: TypeScript through ts-jest in transpile-only mode (isolatedModules: no type-checking in the
 * test loop; `npm test` runs tsc --noEmit first). Pure-JS tooling on purpose: native transformers ship
 * per-platform binaries as optional dependencies that this project's registry does not all serve,
 * which breaks `npm ci`.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests", "<rootDir>/services"],
  testMatch: ["**/*.test.ts"],
  // tests/engine is its own tier (npm run test:engine, tests/engine/jest.config.js): it needs the built tools.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/engine/"],
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
  moduleFileExtensions: ["ts", "js", "mjs", "json"],
  reporters: ["default", "<rootDir>/tests/support/summary-reporter.js"],
  testTimeout: 30000,
};
