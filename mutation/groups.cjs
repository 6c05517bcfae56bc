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
  policies: {
    // index.ts only constructs the PolicyPack (it starts the analyzer server): nothing to judge in-process.
    mutate: ["policies/*.ts", "policies/security/*.ts", "!policies/index.ts"],
    // tests/policies/stacks.test.ts plans every example stack (~90 s): too slow to rerun per mutant.
    tests: ["tests/policies/policies.test.ts", "tests/policies/pack.test.ts", "tests/policies/kubernetes-stack.test.ts"],
  },
};
