/**
 * What `npm run test:mutation` mutates, one module per run, and the fast in-process tests that judge
 * its mutants (Stryker's jest runner loads every test file of the run for each mutant, then filters by
 * test name: keep the list to the tests that exercise the module). Tests that start a process (the
 * CrossGuard gRPC test) are left out: the unit tests below are meant to kill every mutant that matters.
 */
// tests/config/inputs.test.ts runs the whole plan per case: it judges the same rules end to end, too slowly per mutant.
const configTests = ["tests/config/validate.test.ts", "tests/config/rules.test.ts"];
module.exports = {
  diff: { mutate: ["provider/diff.ts"], tests: ["tests/provider/diff.test.ts"] },
  rules: { mutate: ["config/rules.ts"], tests: configTests },
  validate: { mutate: ["config/validate.ts"], tests: configTests },
  sql: { mutate: ["provider/sql.ts"], tests: ["tests/provider/sql.test.ts"] },
};

// The policy pack, one group per module (`policies` runs them all, in this order): a run of the whole pack
// takes hours on two cores, one per module leaves a report per module as it goes.
// index.ts only constructs the PolicyPack (it starts the analyzer server): nothing to judge in-process.
// tests/policies/stacks.test.ts plans every example stack (~90 s): too slow to rerun per mutant. The suite is the
// other policy tests as one file (mutation/suites/policies.test.ts: the SDKs loaded once per mutant).
const POLICY_MODULES = [
  "security/secrets", "security/egress", "security/endpoints", "security/images", "security/oauth", "security/privilege",
  "models", "cost", "kubernetes", "facts", "context", "policies", "util", "security/index", "harness", "stackConfigure", "sdk",
];
for (const m of POLICY_MODULES) {
  module.exports[`policies/${m}`] = { mutate: [`policies/${m}.ts`], tests: ["mutation/suites/policies.test.ts"] };
}
