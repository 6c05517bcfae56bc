/**
 * The tier never skips: a missing tool or an unbuilt dist/ fails the run with the command that fixes it.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { missingTools, REPO } from "./tools";

export default function globalSetup(): void {
  const missing = missingTools();
  if (missing.length > 0) throw new Error(`the real-engine tools are not built:\n  ${missing.join("\n  ")}\nRun tools/engine/build.sh (see README, "Tested against the real engine").`);
  if (!existsSync(path.join(REPO, "dist/provider/main.js"))) throw new Error("dist/ is not built: run `npm run build` (npm run test:engine does)");
}
