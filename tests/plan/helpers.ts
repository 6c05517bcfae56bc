/** Shared by the plan tests: run the CLI in-process, build stack variants, compare goldens. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { main } from "../../tools/plan";

export const FIXTURES = join(__dirname, "fixtures");
export const SMALL = join(FIXTURES, "Pulumi.small.yaml");
export const SMALL_GPU_M = join(FIXTURES, "Pulumi.small-gpu-m.yaml");

/** Every secret-looking thing that must never reach an output: the placeholder and the fake ciphertexts. */
export const FORBIDDEN = ["offline-plan-placeholder", "v1:ZmFrZS1jaXBoZXJ0ZXh0", "c21hbGwtc3RhY2stcGFzc3dvcmQ=", "c21hbGwtc3RhY2stcmVnaXN0cnktdG9rZW4="];

export interface CliRun {
  code: number;
  out: string;
  notes: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const notes: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), note: (s) => notes.push(s) });
  return { code, out: out.join("\n"), notes: notes.join("\n") };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "llmstack-plan-test-"));
}

/** The small stack's `config:` map, to change and write as a new stack file. */
export function smallConfig(): Record<string, any> {
  return parse(readFileSync(SMALL, "utf8")).config;
}

/** Write a stack file for `stack` (file name Pulumi.<stack>.yaml) in a temp dir; returns its path. */
export function writeStack(config: Record<string, unknown>, stack = "small", dir = tempDir()): string {
  const path = join(dir, `Pulumi.${stack}.yaml`);
  writeFileSync(path, stringify({ config }));
  return path;
}

/** Compare with a committed golden file; `UPDATE_GOLDEN=1` rewrites it (then read the diff!). */
export function expectGolden(name: string, actual: string): void {
  const path = join(FIXTURES, "golden", name);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(path)) {
    mkdirSync(join(FIXTURES, "golden"), { recursive: true });
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== "1") throw new Error(`golden ${name} did not exist: written, read it and re-run`);
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}
