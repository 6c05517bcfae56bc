/**
 * What `npm run test:mutation` mutates, one group ("module") at a time, and the fast in-process tests
 * that judge each group's mutants. Tests that run the plan CLI or a policy-pack process are left out:
 * with per-test coverage every mutant would rerun them (minutes each on two cores), and the unit tests
 * below are meant to kill every mutant that matters on their own.
 */
module.exports = {
  config: {
    mutate: ["config/rules.ts", "config/validate.ts"],
    tests: ["tests/config/validate.test.ts", "tests/config/rules.test.ts"],
  },
  provider: {
    mutate: ["provider/diff.ts", "provider/sql.ts"],
    tests: ["tests/provider/diff.test.ts", "tests/provider/sql.test.ts", "tests/provider/limits.test.ts"],
  },
  policies: {
    // index.ts only constructs the PolicyPack (it starts the analyzer server): nothing to judge in-process.
    mutate: ["policies/*.ts", "policies/security/*.ts", "!policies/index.ts"],
    tests: ["tests/policies/policies.test.ts", "tests/policies/pack.test.ts", "tests/policies/units.test.ts"],
  },
};
