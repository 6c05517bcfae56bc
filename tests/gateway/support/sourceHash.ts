/** The hash that services/gateway/src/version.ts records for the gateway's sources. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const GATEWAY_DIR = join(__dirname, "..", "..", "..", "services", "gateway");

/** SHA-256 over Dockerfile, tsconfig.json and src/*.ts except version.ts, by sorted path; line endings normalized. */
export function gatewaySourceSha256(dir = GATEWAY_DIR): string {
  const sources = readdirSync(join(dir, "src")).filter((f) => f.endsWith(".ts") && f !== "version.ts").map((f) => `src/${f}`);
  const hash = createHash("sha256");
  for (const file of ["Dockerfile", "tsconfig.json", ...sources].sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(dir, file), "utf8").replace(/\r\n/g, "\n"));
    hash.update("\0");
  }
  return hash.digest("hex");
}
