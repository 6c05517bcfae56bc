// Entry of the throwaway policy-pack directory the CrossGuard test creates: compile the TypeScript
// sources with TypeScript's transpileModule (the runner has registered its vendored ts-node, which we
// override for .ts), then load the real pack entry, policies/index.ts.
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

require.extensions[".ts"] = function compile(module, filename) {
  const out = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(out.outputText, filename);
};

require(path.join(process.env.LLMSTACK_REPO, "policies", "index.ts"));
