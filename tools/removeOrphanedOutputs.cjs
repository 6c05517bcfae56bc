#!/usr/bin/env node
/**
 * Removes the files of dist/ whose source is gone, before tsc builds: tsc never deletes outputs
 * (microsoft/TypeScript#13722, "The compiler does not delete files"), and an orphan shadows its
 * replacement — a stale dist/config/kubernetes.js is what `require("./config/kubernetes")` loads, not the
 * newer dist/config/kubernetes/index.js. Keeping the outputs that still have a source keeps tsc's
 * incremental build. Plain JavaScript: it runs before anything is compiled.
 *
 * Usage: node tools/removeOrphanedOutputs.cjs [root]   (root: the directory holding dist/; default: cwd)
 */
"use strict";
const { existsSync, readdirSync, rmSync, rmdirSync } = require("node:fs");
const { join, relative } = require("node:path");

const root = process.argv[2] ?? process.cwd();
const out = join(root, "dist");

/** The source files an output may come from (tsconfig: outDir dist, rootDir .). */
function sources(rel) {
  if (rel === ".tsbuildinfo") return null; // tsc's own state (tsBuildInfoFile)
  const js = /\.js$/.exec(rel);
  return js ? [rel.replace(/\.js$/, ".ts"), rel.replace(/\.js$/, ".tsx")] : [rel];
}

let removed = 0;
function sweep(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      sweep(path);
      if (readdirSync(path).length === 0) rmdirSync(path);
      continue;
    }
    const candidates = sources(relative(out, path));
    if (candidates && !candidates.some((s) => existsSync(join(root, s)))) {
      rmSync(path);
      removed++;
    }
  }
}

if (existsSync(out)) sweep(out);
if (removed > 0) process.stderr.write(`removed ${removed} file(s) of dist/ whose source is gone\n`);
