/**
 * The ingestion Job's entry point.
 *
 *   node dist/main.js ingest --config /etc/llmstack/ingest.json [--summary <file>]
 *   node dist/main.js wait --url http://chroma.<ns>.svc.cluster.local:8000/api/v2/heartbeat [--timeout 1800] [--interval-ms 5000]
 */
import { writeFileSync } from "node:fs";
import { loadIngestConfig } from "./config";
import { ingest } from "./ingest";
import { jsonLogger } from "./log";
import { waitFor } from "./wait";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === "wait") {
    const url = flag(args, "url");
    if (!url) throw new Error("wait needs --url");
    await waitFor(url, { timeoutSecs: Number(flag(args, "timeout") ?? 1800), intervalMs: Number(flag(args, "interval-ms") ?? 5000), log: jsonLogger });
    return 0;
  }
  if (command === "ingest") {
    const cfg = loadIngestConfig(flag(args, "config") ?? "/etc/llmstack/ingest.json");
    const summary = await ingest(cfg, process.env, jsonLogger);
    // Pachyderm pipelines need an output file; Kubernetes Jobs ignore it.
    const out = flag(args, "summary");
    if (out) writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  process.stderr.write("usage: main.js ingest --config <file> [--summary <file>] | wait --url <url> [--timeout <secs>] [--interval-ms <ms>]\n");
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      jsonLogger("failed", { error: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    },
  );
}
