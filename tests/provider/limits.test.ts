/**
 * Ranges Snowflake checks only when a statement runs are refused at `check` (review C3, C7, C8), with
 * the rule functions of provider/limits.ts that the stack config also calls (tests/config/limits.test.ts).
 */
import { validateSpecification } from "../../provider/spec";
import { SERVICE, setup, spec, urn } from "./support";

const FN = { database: "LLM", schema: "SERVING", name: "COMPLETE", args: [{ name: "prompt", type: "VARCHAR" }], returns: "VARCHAR", service: "LLM.SERVING.VLLM", endpoint: "api", path: "/complete" };

async function failures(kind: "Service" | "ServiceFunction", inputs: Record<string, unknown>) {
  const res = await setup().provider.check(urn(kind), {}, inputs);
  return Object.fromEntries((res.failures ?? []).map((f) => [f.property, f.reason]));
}

test("a service with a public endpoint may not auto-suspend; one without may (0 or ≥ 300)", async () => {
  expect(await failures("Service", { ...SERVICE, autoSuspendSecs: 1800 })).toEqual({ autoSuspendSecs: expect.stringMatching(/public endpoint.*does not support auto-suspend.*use 0/) });
  const internal = { ...SERVICE, specification: spec("/llm/serving/repo/vllm:1", { endpoints: [{ name: "api", port: 8000 }] }) };
  expect(await failures("Service", { ...internal, autoSuspendSecs: 1800 })).toEqual({});
  expect(await failures("Service", { ...internal, autoSuspendSecs: 60 })).toEqual({ autoSuspendSecs: expect.stringMatching(/0 \(never\) or at least 300/) });
});

test.each([
  ["batchTimeoutSecs", 0, /BATCH_TIMEOUT_SECS must be an integer from 1 to 604800/],
  ["batchTimeoutSecs", 604801, /BATCH_TIMEOUT_SECS must be an integer from 1 to 604800/],
  ["maxBatchRows", 0, /MAX_BATCH_ROWS must be a positive integer/],
  ["maxBatchRetries", -1, /MAX_BATCH_RETRIES must be an integer ≥ 0/],
  ["contextHeaders", ["CURRENT_USER", "MY_FUNCTION"], /CONTEXT_HEADERS accepts only CURRENT_ACCOUNT.*got "MY_FUNCTION"/],
])("CREATE FUNCTION's %s = %j is refused at check", async (key, value, message) => {
  expect(await failures("ServiceFunction", { ...FN, [key]: value })).toEqual({ [key]: expect.stringMatching(message) });
});

test("documented CREATE FUNCTION values pass", async () => {
  expect(await failures("ServiceFunction", { ...FN, batchTimeoutSecs: 604800, maxBatchRows: 1, maxBatchRetries: 0, contextHeaders: ["current_user", "CURRENT_ROLE"] })).toEqual({});
});

test("block volume sizes follow the cloud's range", () => {
  const withBlock = (size: string) => spec("/llm/serving/repo/vllm:1", { volumes: [{ name: "cache", source: "block", size }] });
  const msg = (size: string, cloud?: "aws" | "azure" | "gcp") => validateSpecification(withBlock(size), { cloud }).map((i) => i.message).join("; ");
  // block-storage-volume (current page): AWS 1Gi-65536Gi, Azure 1Gi-16384Gi, Google Cloud 4Gi-16384Gi.
  expect(msg("65536Gi", "aws")).toBe("");
  expect(msg("65537Gi")).toMatch(/must be 1Gi to 65536Gi/);
  expect(msg("16385Gi", "azure")).toMatch(/must be 1Gi to 16384Gi on azure/);
  expect(msg("16385Gi", "gcp")).toMatch(/must be 4Gi to 16384Gi on gcp/);
  expect(msg("2Gi", "aws")).toBe("");
  expect(msg("2Gi", "gcp")).toMatch(/must be 4Gi to 16384Gi on gcp/);
  expect(msg("1.5Gi")).toMatch(/whole number with the Gi suffix/);
});
