/**
 * Compiles a checkout of this project to `dist/` WITHOUT type-checking, for `--against`: each
 * file on its own with TypeScript's `transpileModule`, the way ts-jest's isolatedModules mode
 * compiles this project's tests. Type-checking the old revision is what made `--against` slow (a
 * full `tsc` loads every declaration file of @pulumi/* and kubernetes-models), and a plan never
 * needs it: the revision was type-checked when it was committed.
 *
 * What is reused, so that little is compiled:
 * - only the files the plan tool can load: those reachable from `tools/plan.ts` through the
 *   relative `require()`s of their compiled JavaScript (TypeScript compiles `import`, `import()`
 *   and `require()` to `require("./…")` under `module: commonjs`);
 * - a file whose text is the same in this checkout, where `dist/` holds its output compiled after
 *   the source last changed: that output (tsc's own compilation of the same text);
 * - a content-addressed cache (node_modules/.cache/llmstack-plan-transpile, keyed by the TypeScript
 *   version, the tsconfig text and the file's text) for the rest.
 *
 * Uses the checkout's own tsconfig.json and the `typescript` package its node_modules resolves,
 * loaded only if something must be compiled. Runs in its own process, so the revision compiles
 * while this one is planned: `node dist/tools/plan/transpile.js DIR [--reuse CHECKOUT] [--cache DIR]`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";

/** The plan tool's entry point, relative to the project. */
const ENTRY = "tools/plan.ts";

export interface TranspileResult {
  readonly files: number;
  /** Compiled now. */
  readonly compiled: number;
  /** Taken from the other checkout's dist/. */
  readonly reused: number;
}

/** rootDir and outDir of a tsconfig, read from its text (JSON with comments) without a compiler. */
function layout(dir: string, configText: string): { rootDir: string; outDir: string } {
  return {
    rootDir: resolve(dir, /"rootDir"\s*:\s*"([^"]*)"/.exec(configText)?.[1] ?? "."),
    outDir: resolve(dir, /"outDir"\s*:\s*"([^"]*)"/.exec(configText)?.[1] ?? "."),
  };
}

/** Relative modules a compiled CommonJS file loads. */
export function relativeRequires(js: string): string[] {
  return [...js.matchAll(/\brequire\("(\.{1,2}\/[^"]*)"\)/g)].map((m) => m[1]);
}

export function transpileProject(dir: string, opts: { reuse?: string; cacheDir?: string } = {}): TranspileResult {
  const cacheDir = opts.cacheDir ?? join(dir, "node_modules", ".cache", "llmstack-plan-transpile");
  const tsPath = require.resolve("typescript", { paths: [dir] });
  let tsModule: typeof import("typescript") | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = () => (tsModule ??= require(tsPath) as typeof import("typescript"));
  const tsVersion = (JSON.parse(readFileSync(join(dirname(tsPath), "..", "package.json"), "utf8")) as { version: string }).version;
  const configPath = join(dir, "tsconfig.json");
  const configText = readFileSync(configPath, "utf8");
  let options: import("typescript").CompilerOptions | undefined;
  const compilerOptions = () => {
    if (options) return options;
    const read = ts().parseConfigFileTextToJson(configPath, configText);
    if (read.error) throw new Error(`${configPath}: ${ts().flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
    const parsed = ts().convertCompilerOptionsFromJson((read.config as { compilerOptions?: object }).compilerOptions ?? {}, dir);
    return (options = { ...parsed.options, noEmit: false, declaration: false, sourceMap: false, incremental: false, composite: false });
  };
  const { rootDir, outDir } = layout(dir, configText);
  // The other checkout's build is reused only if it was built with the same compiler settings.
  const other = opts.reuse && existsSync(join(opts.reuse, "tsconfig.json")) && readFileSync(join(opts.reuse, "tsconfig.json"), "utf8") === configText ? layout(opts.reuse, configText) : undefined;
  const cacheKey = createHash("sha256").update(tsVersion).update("\0").update(configText).digest("hex");
  mkdirSync(cacheDir, { recursive: true });

  /** This file's output in the other checkout's dist/, if its source is the same text and was built after it changed. */
  const reusable = (file: string, text: string): string | undefined => {
    if (!other) return undefined;
    const rel = relative(rootDir, file);
    const src = join(other.rootDir, rel);
    const js = join(other.outDir, rel.replace(/\.tsx?$/, ".js"));
    try {
      if (statSync(js).mtimeMs < statSync(src).mtimeMs || readFileSync(src, "utf8") !== text) return undefined;
      return readFileSync(js, "utf8");
    } catch {
      return undefined;
    }
  };
  const resolveLocal = (from: string, spec: string): string | undefined => {
    const base = resolve(dirname(from), spec.replace(/\.js$/, ""));
    return [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((f) => existsSync(f));
  };

  const queue = [join(dir, ENTRY)];
  const seen = new Set<string>(queue);
  let compiled = 0;
  let reused = 0;
  for (let file = queue.pop(); file; file = queue.pop()) {
    const text = readFileSync(file, "utf8");
    let js = reusable(file, text);
    if (js !== undefined) reused++;
    else {
      const cached = join(cacheDir, `${createHash("sha256").update(cacheKey).update("\0").update(text).digest("hex")}.js`);
      if (existsSync(cached)) js = readFileSync(cached, "utf8");
      else {
        js = ts().transpileModule(text, { compilerOptions: compilerOptions(), fileName: file }).outputText;
        compiled++;
        // Written whole, then renamed: a concurrent run never reads half a file.
        const part = `${cached}.${process.pid}.tmp`;
        writeFileSync(part, js);
        renameSync(part, cached);
      }
    }
    for (const spec of relativeRequires(js)) {
      const dep = resolveLocal(file, spec);
      if (dep && !seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
    const target = join(outDir, relative(rootDir, file).replace(/\.tsx?$/, ".js"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  return { files: seen.size, compiled, reused };
}

if (require.main === module) {
  const { values, positionals } = parseArgs({ options: { reuse: { type: "string" }, cache: { type: "string" } }, allowPositionals: true, strict: false });
  const dir = positionals[0];
  if (!dir || positionals.length > 1 || [values.reuse, values.cache].some((v) => v === true)) {
    process.stderr.write("usage: node dist/tools/plan/transpile.js PROJECT_DIR [--reuse OTHER_CHECKOUT] [--cache DIR]\n");
    process.exit(2);
  }
  const opt = (v: unknown) => (typeof v === "string" ? resolve(v) : undefined);
  try {
    const reuse = opt(values.reuse);
    const cacheDir = opt(values.cache);
    process.stdout.write(JSON.stringify(transpileProject(resolve(dir), { ...(reuse ? { reuse } : {}), ...(cacheDir ? { cacheDir } : {}) })) + "\n");
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
