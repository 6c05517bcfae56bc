/** Typed wrapper of kubeApply.mjs (server-side apply, strict field validation; see its header). */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO } from "./tools";

export interface ApplyResult {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly ok: boolean;
  /** HTTP status of the PATCH. */
  readonly code: number;
  /** The API's Status reason and message when refused. */
  readonly reason?: string;
  readonly message?: string;
}

/** Server-side apply of `objects` in order; `dryRun` = every admission step, nothing persisted. */
export function serverSideApply(kubeconfig: string, objects: readonly object[], opts: { dryRun: boolean }): ApplyResult[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, "kubeApply.mjs")], {
    cwd: REPO,
    input: JSON.stringify({ kubeconfig, dryRun: opts.dryRun, objects }),
    encoding: "utf8",
    timeout: 120_000,
  });
  return JSON.parse(out) as ApplyResult[];
}
