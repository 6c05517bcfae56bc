// StrykerJS over one group of mutation/groups.cjs (LLMSTACK_MUTATE=<group>); run through `npm run test:mutation`.
// Logic mutants only: string-literal mutants (messages) are not generated. One test process: the
// machine has two cores. https://stryker-mutator.io/docs/stryker-js/configuration/
import { createRequire } from "node:module";

const groups = createRequire(import.meta.url)("./groups.cjs");
const name = process.env.LLMSTACK_MUTATE;
if (!groups[name]) throw new Error(`LLMSTACK_MUTATE must be one of ${Object.keys(groups).join(", ")}`);

export default {
  testRunner: "jest",
  plugins: ["@stryker-mutator/jest-runner"],
  jest: { projectType: "custom", configFile: "mutation/jest.config.js", enableFindRelatedTests: false },
  coverageAnalysis: "perTest",
  mutate: groups[name].mutate,
  mutator: { excludedMutations: ["StringLiteral"] },
  // Static mutants (module-level tables) are run too, against every test of the run: they are logic.
  ignoreStatic: false,
  concurrency: 1,
  timeoutMS: 10000,
  ignorePatterns: ["dist", "reports", "tests/engine", "tests/acceptance", ".stryker-tmp"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  thresholds: { high: 90, low: 80, break: null },
};
