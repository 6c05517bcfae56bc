/**
 * The policy tests as one jest file, for `npm run test:mutation -- policies` only: jest gives every test
 * file its own module registry, so three files load the Pulumi SDKs three times per mutant; one file
 * loads them once. Not part of `npm test` (mutation/jest.config.js alone looks in mutation/suites).
 */
import "../../tests/policies/policies.test";
import "../../tests/policies/pack.test";
import "../../tests/policies/kubernetes-stack.test";
import "../../tests/policies/egress.test";
import "../../tests/policies/privilege.test";
import "../../tests/policies/util.test";
import "../../tests/policies/harness.test";
import "../../tests/policies/facts.test";
import "../../tests/policies/stackConfigure.test";
