/** The readers every policy shares: pack settings, preview-time unknowns, Snowflake's string booleans, names, and where a fix goes. */
import { UnknownValueError, unknownCheckingProxy } from "../../policies/sdk";
import { ConfigLocator, displayName, flag, isObject, known, list, settings } from "../../policies/util";
import type { StackConfig } from "../../config/schema";
import { STACK_CONFIG } from "./fixtures";

test("settings: the schema's defaults, then what the pack config sets; undefined values and enforcementLevel are not settings", () => {
  const schema = { properties: { a: { type: "number" as const, default: 1 }, b: { type: "string" as const }, c: { type: "boolean" as const, default: false } } };
  expect(settings(schema, {})).toEqual({ a: 1, c: false });
  expect(settings(schema, { a: 2, b: undefined, enforcementLevel: "mandatory" })).toEqual({ a: 2, c: false });
  // An undefined value keeps the default (a pack config written with an empty key).
  expect(settings(schema, { a: undefined })).toStrictEqual({ a: 1, c: false });
  expect(Object.keys(settings(schema, {}))).toEqual(["a", "c"]);
  expect(settings(undefined, { b: "x" })).toEqual({ b: "x" });
});

test("known: a value unknown during preview reads as undefined; any other error is thrown", () => {
  expect(known(() => 5)).toBe(5);
  // What CrossGuard hands a policy during preview: a proxy that throws on a value not known yet.
  const props = unknownCheckingProxy({ name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }) as { name: string };
  expect(() => props.name).toThrow(UnknownValueError);
  expect(known(() => props.name)).toBeUndefined();
  expect(() => known(() => { throw new TypeError("a bug"); })).toThrow("a bug");
});

test("small readers: objects, Snowflake's string booleans, display names", () => {
  expect([isObject({}), isObject(null), isObject([]), isObject("x")]).toEqual([true, false, false, false]);
  expect([list([1]), list("x"), list(undefined)]).toEqual([[1], [], []]);
  expect([flag(true), flag("TRUE"), flag("false"), flag("default"), flag("untrue"), flag("true-ish"), flag(1)]).toEqual([true, true, false, undefined, undefined, undefined, undefined]);
  expect(displayName({ metadata: { name: "vllm" }, name: "X" }, "fallback")).toBe("vllm");
  expect(displayName({ metadata: { name: 5 }, name: "X" }, "fallback")).toBe("X");
  expect(displayName({ name: 5 }, "fallback")).toBe("fallback");
});

test("ConfigLocator: the config key an object's name came from (the longest that fits), and placeholders when there is none", () => {
  const stack = {
    ...STACK_CONFIG,
    models: [{ ...STACK_CONFIG.models[0], name: "qwen" }],
    snowflake: { ...STACK_CONFIG.snowflake!, computePools: { S: STACK_CONFIG.snowflake!.computePools.GPU_S, GPU_S: STACK_CONFIG.snowflake!.computePools.GPU_S }, services: { FILTER: {} as never }, egress: { HF: [], HF_MIRROR: [] }, oauthClients: { DATAIKU: {} as never } },
  } as StackConfig;
  const at = new ConfigLocator({ environment: "dev", stack });
  expect(at.pool("LLM_DEV_GPU_S")).toBe("llmstack:snowflake.computePools.GPU_S");
  expect(at.pool("LLM_DEV_X")).toBe("llmstack:snowflake.computePools.<key of LLM_DEV_X>");
  expect(at.service("LLM.MODELS.QWEN_SERVICE")).toBe("llmstack:models[0].snowflake");
  expect(at.endpointPublic("LLM_DEV_FILTER")).toBe("llmstack:snowflake.services.FILTER.endpoints[].public");
  expect(at.endpointRoles("LLM.MODELS.QWEN_SERVICE")).toBe("llmstack:models[0].snowflake.endpoint.allowedRoles");
  expect(at.service("NOPE")).toBe("llmstack:models[<model of NOPE>].snowflake");
  expect(at.egress("LLM_DEV_HF_MIRROR_EGRESS")).toBe("llmstack:snowflake.egress.HF_MIRROR");
  expect(at.egress("LLM_DEV_HF")).toBe("llmstack:snowflake.egress.HF");
  expect(at.oauthClient("LLM_DEV_DATAIKU")).toBe("llmstack:snowflake.oauthClients.DATAIKU");
  expect(at.runtimeRole()).toBe(STACK_CONFIG.snowflake!.role.name);
  // A Kubernetes-only stack has no snowflake section: placeholders, no crash.
  const k8sOnly = new ConfigLocator({ environment: "dev", stack: { ...STACK_CONFIG, snowflake: undefined } as StackConfig });
  expect([k8sOnly.pool("P"), k8sOnly.service("S_SERVICE"), k8sOnly.egress("E"), k8sOnly.oauthClient("O"), k8sOnly.runtimeRole()]).toEqual([
    "llmstack:snowflake.computePools.<key of P>",
    "llmstack:models[<model of S_SERVICE>].snowflake",
    "llmstack:snowflake.egress.<list of E>",
    "llmstack:snowflake.oauthClients.<key of O>",
    undefined,
  ]);
});
