/**
 * The pack in a `pulumi preview`, where what a provider computes at deploy time is unknown. The real engine showed
 * both cases (tests/engine/program.test.ts): a pushed image's name and digest are unknown until `pulumi up` pushes
 * it, and with them every model service's spec, which names its images by digest (components/snowflake/images.ts).
 * A policy must not report on what it cannot see: no "can't run policy" advisory, no guess.
 */
// The sentinels CrossGuard puts in place of unknown inputs (@pulumi/policy 1.21.0 proxy.js; not re-exported typed).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownStringValue, unknownObjectValue } = require("@pulumi/policy/proxy") as { unknownStringValue: string; unknownObjectValue: string };
import { runPolicyPack } from "../../policies/harness";
import { happyStack, list, res, setPath, STACK_CONFIG, withInputs } from "./fixtures";

const run = (resources: ReturnType<typeof list>) => runPolicyPack(resources, { environment: "prod", stackConfig: STACK_CONFIG });

test("a pushed image whose name is unknown draws no report (no-plaintext-secrets only reads the types it checks)", async () => {
  const s = happyStack();
  const pushed = res("docker:index/registryImage:RegistryImage", "mirror-vllm-push", { name: unknownStringValue, keepRemotely: true });
  const { violations } = await run([...list(s), pushed]);
  expect(violations).toEqual([]);
});

describe("spcs-service-auto-suspend with the spec unknown", () => {
  const minilmWithout = (spec: unknown) => {
    const s = happyStack();
    s.minilm = setPath(withInputs(s.minilm, { specification: spec }), ["autoSuspendSecs"], undefined);
    return s;
  };
  const suspendReports = async (s: ReturnType<typeof happyStack>) =>
    (await run(list(s))).violations.filter((v) => v.policy === "spcs-service-auto-suspend" || /can't run/.test(v.message));

  test("a service without AUTO_SUSPEND_SECS whose spec (public endpoint or not) is not known yet is not judged", async () => {
    expect(await suspendReports(minilmWithout(unknownObjectValue))).toEqual([]);
  });

  test("the same service is judged once its spec is known: private endpoint → reported, public → exempt", async () => {
    const s = happyStack();
    const spec = s.minilm.inputs.specification as { spec: { endpoints: { public?: boolean }[] } };
    const privateSpec = { ...spec, spec: { ...spec.spec, endpoints: spec.spec.endpoints.map((e) => ({ ...e, public: false })) } };
    const reported = await suspendReports(minilmWithout(privateSpec));
    expect(reported.map((v) => v.message)).toEqual([expect.stringMatching(/MINILM_SERVICE never suspends/)]);
    expect(await suspendReports(minilmWithout(spec))).toEqual([]);
  });
});
