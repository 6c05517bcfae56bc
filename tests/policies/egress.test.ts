/** snowflake-egress-no-wildcards in detail: what an entry opens, and which rules and entries it reads. */
import { runPolicyPack } from "../../policies/harness";
import { egressProblem } from "../../policies/security/egress";
import { TYPES } from "../../policies/util";
import { happyStack, list, res, withInputs, type HappyStack } from "./fixtures";

test("an entry opens more than one named host on one port: every host, a wildcard, an IP address, every port", () => {
  // Trimmed, lower-cased, the port 443 when none is given; a CIDR from 0.0.0.0 is every host too.
  expect(egressProblem(" 0.0.0.0/0:443 ")).toBe("0.0.0.0 opens every host");
  expect(egressProblem("*.HF.co")).toBe("*.hf.co is a wildcard (every host one level below)");
  expect(egressProblem("10.20.30.40:8443")).toBe("10.20.30.40 is an IP address, not a named host");
  expect(egressProblem("huggingface.co:0")).toBe("port 0 opens every port");
  // Names that contain an address are still names; a named host on one port is fine.
  expect([egressProblem("db.1.2.3.4:443"), egressProblem("1.2.3.4.nip.io:443"), egressProblem("huggingface.co")]).toEqual([undefined, undefined, undefined]);
});

const findings = async (mutate: (s: HappyStack) => void, config?: Record<string, unknown>) => {
  const s = happyStack();
  mutate(s);
  const out = await runPolicyPack(list(s), { environment: "prod", config: config as never });
  return out.violations.filter((v) => v.policy === "snowflake-egress-no-wildcards").map((v) => v.message);
};

test("which rules are read: egress or host-port rules, also when the other field is unknown; never ingress allowlists or other types", async () => {
  const wide = { valueLists: ["0.0.0.0:443"] };
  // The happy stack has an INGRESS IPV4 rule for 0.0.0.0/0: an allowlist of callers, not egress.
  expect(await findings(() => {})).toEqual([]);
  expect(await findings((s) => (s.rule = withInputs(s.rule, { ...wide, type: undefined })))).toHaveLength(1);
  expect(await findings((s) => (s.rule = withInputs(s.rule, { ...wide, mode: undefined })))).toHaveLength(1);
  expect(await findings((s) => (s.rule = withInputs(s.rule, { ...wide, mode: undefined, type: "PRIVATE_HOST_PORT" })))).toHaveLength(1);
  expect(await findings((s) => ((s as Record<string, unknown>).other = res("snowflake:index/stage:Stage", "not-a-rule", { mode: "EGRESS", type: "HOST_PORT", ...wide })))).toEqual([]);
});

test("which entries are read: strings only; exemptions match trimmed and in any case", async () => {
  expect(await findings((s) => (s.rule = withInputs(s.rule, { valueLists: [42, null, "*:443"] })))).toEqual([expect.stringContaining("'*:443' (* opens every host)")]);
  const exempt = { "snowflake-egress-no-wildcards": { allowedEntries: [" *.Example.com:443 "] } };
  expect(await findings((s) => (s.rule = withInputs(s.rule, { valueLists: ["*.example.COM:443 "] })), exempt)).toEqual([]);
});
