// Entry of the throwaway policy-pack directory the CrossGuard test creates: compile the TypeScript
// sources with SWC (the runner has registered its vendored ts-node, which we override for .ts),
// then load the real pack entry, policies/index.ts.
const fs = require("node:fs");
const path = require("node:path");
const swc = require("@swc/core");

require.extensions[".ts"] = function compile(module, filename) {
  const out = swc.transformSync(fs.readFileSync(filename, "utf8"), {
    filename,
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  });
  module._compile(out.code, filename);
};

require(path.join(process.env.LLMSTACK_REPO, "policies", "index.ts"));
