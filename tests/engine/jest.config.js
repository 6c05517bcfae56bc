/**
 * The real-engine tier (`npm run test:engine`): the real pulumi CLI, kube-apiserver + etcd and Chroma, built by
 * tools/engine/build.sh into a cache outside the repository. Not part of `npm test`. One worker: the servers
 * and the engine are heavy for the 2-core machines.
 */
const base = require("../../jest.config.js");

module.exports = {
  ...base,
  rootDir: "../..",
  roots: ["<rootDir>/tests/engine"],
  testPathIgnorePatterns: ["/node_modules/"],
  globalSetup: "<rootDir>/tests/engine/support/globalSetup.ts",
  maxWorkers: 1,
  testTimeout: 10 * 60 * 1000,
};
