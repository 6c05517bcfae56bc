/** Jest for mutation runs: the project's settings, only the group's tests (mutation/groups.cjs). */
const base = require("../jest.config.js");
const groups = require("./groups.cjs");

const group = groups[process.env.LLMSTACK_MUTATE];
if (!group) throw new Error(`LLMSTACK_MUTATE must be one of ${Object.keys(groups).join(", ")}`);

module.exports = {
  ...base,
  rootDir: "..",
  roots: [...base.roots, "<rootDir>/mutation/suites"],
  testMatch: group.tests.map((t) => `<rootDir>/${t}`),
  reporters: ["default"],
};
