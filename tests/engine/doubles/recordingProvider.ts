/**
 * TEST DOUBLE of a resource plugin, for the real-engine tier: it stands in for `pulumi-resource-<pkg>` (snowflake,
 * docker, docker-build, kubernetes) whose real plugins cannot run here (no Snowflake account, Docker engine or
 * Kubernetes provider build). It claims NO behaviour of the real provider: it accepts any inputs (Check returns them),
 * reports a change whenever the inputs differ from the last ones (never a replace), "creates" by returning an id
 * derived from the URN with outputs = inputs plus the offline plan's stand-ins for what only a real provider computes
 * (tools/plan/offlineOutputs.ts: e.g. a pushed image's digest, all zeros), reads back what the state holds (so
 * refresh sees no drift), and records every call as a JSON line in $LLMSTACK_DOUBLES_LOG with secret values masked.
 *
 * Started by tests/engine/doubles/bin/pulumi-resource-<pkg> (on $PATH: the engine's ambient plugin lookup,
 * pulumi/pulumi@v3.274.1:sdk/go/common/workspace/plugins.go getPluginInfoAndPath).
 */
import { appendFileSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as provider from "@pulumi/pulumi/provider";
import { isSecretValue } from "../../../provider/configure";
import { offlineOutputs } from "../../../tools/plan/offlineOutputs";

export type DoubleOp = "check" | "diff" | "create" | "read" | "update" | "delete";
export interface DoubleCall {
  readonly pkg: string;
  readonly op: DoubleOp;
  readonly urn: string;
  readonly id?: string;
  readonly inputs?: unknown;
}

/** Secrets become "[secret]": the log must never hold a plaintext secret. */
export function maskSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskSecrets);
  if (v !== null && typeof v === "object") {
    if (isSecretValue(v)) return "[secret]";
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSecrets(x)]));
  }
  return v;
}

/** JSON with sorted keys, to compare inputs regardless of key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
}

/** The resource type of a URN (its last `$`-separated type). */
const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;

export function recordingProvider(pkg: string, version: string, log: string | undefined): provider.Provider {
  // The plan's stand-ins for provider-computed outputs; the docker ones depend on no config.
  const standIns = offlineOutputs({});
  const record = (c: Omit<DoubleCall, "pkg">) => {
    if (log) appendFileSync(log, `${JSON.stringify({ pkg, ...c, inputs: maskSecrets(c.inputs) })}\n`);
  };
  return {
    version,
    async check(urn, _olds, news) {
      record({ op: "check", urn, inputs: news });
      return { inputs: news };
    },
    async diff(id, urn, olds, news) {
      record({ op: "diff", urn, id });
      // olds are the state's outputs: compare them with what create/update would return for news.
      return { changes: canonical(olds) !== canonical({ ...news, ...standIns(typeOf(urn), urn.split("::").pop()!, news) }) };
    },
    async create(urn, inputs) {
      const id = `${pkg}-double-${urn.split("::").pop()}`;
      record({ op: "create", urn, id, inputs });
      return { id, outs: { ...inputs, ...standIns(typeOf(urn), urn.split("::").pop()!, inputs) } };
    },
    async read(id, urn, props) {
      record({ op: "read", urn, id });
      return { id, props };
    },
    async update(id, urn, _olds, news) {
      record({ op: "update", urn, id, inputs: news });
      return { outs: { ...news, ...standIns(typeOf(urn), urn.split("::").pop()!, news) } };
    },
    async delete(id, urn) {
      record({ op: "delete", urn, id });
    },
  };
}

/** The version the npm SDK of `pkg` requests (the engine does not compare it; reported for clarity). */
function sdkVersion(pkg: string): string {
  try {
    const file = require.resolve(`@pulumi/${pkg}/package.json`, { paths: [path.resolve(__dirname, "../../../..")] });
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

if (require.main === module) {
  const [pkg, ...args] = process.argv.slice(2);
  provider.main(recordingProvider(pkg, sdkVersion(pkg), process.env.LLMSTACK_DOUBLES_LOG), args).catch((e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  });
}
