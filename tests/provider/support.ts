/** Shared set-up for the provider tests: the provider over the FAKE Snowflake (tests/support/fakeSnowflake.ts). */
import { SpcsProvider, type SpcsProviderOptions } from "../../provider/provider";
import { SPCS_TYPES, type SpcsKind } from "../../provider/resources";
import { FakeSnowflake } from "../support/fakeSnowflake";

export const urn = (kind: SpcsKind, name = "r") => `urn:pulumi:dev::llmstack::llmstack:components:Llm$${SPCS_TYPES[kind]}::${name}`;

export function setup(fake = new FakeSnowflake(), options: Partial<SpcsProviderOptions> = {}) {
  const provider = new SpcsProvider({
    clientFactory: () => fake,
    env: {},
    pollIntervalMs: 0,
    serviceReadyTimeoutMs: 2_000,
    poolSuspendTimeoutMs: 2_000,
    ingressTimeoutMs: 2_000,
    ...options,
  });
  /** check (must pass) then create, like the engine. */
  const create = async (kind: SpcsKind, inputs: Record<string, unknown>) => {
    const checked = await provider.check(urn(kind), {}, inputs);
    expect(checked.failures).toEqual([]);
    const res = await provider.create(urn(kind), checked.inputs);
    return { id: res.id, outs: res.outs as Record<string, any>, inputs: checked.inputs as Record<string, any> };
  };
  return { fake, provider, create };
}

export const POOL = { name: "GPU_POOL", instanceFamily: "GPU_NV_S", minNodes: 1, maxNodes: 2 };
export const EAI = { name: "HF_EGRESS", allowedNetworkRules: ["NET.RULES.HF"] };
export const spec = (image = "/llm/serving/repo/vllm:1", extra: Record<string, unknown> = {}) => ({
  spec: {
    containers: [{ name: "vllm", image, env: { PORT: 8000 }, resources: { requests: { "nvidia.com/gpu": 1 }, limits: { "nvidia.com/gpu": 1 } } }],
    endpoints: [{ name: "api", port: 8000, public: true }],
    ...extra,
  },
});
export const SERVICE = { database: "LLM", schema: "SERVING", name: "VLLM", computePool: "GPU_POOL", specification: spec(), externalAccessIntegrations: ["HF_EGRESS"] };

