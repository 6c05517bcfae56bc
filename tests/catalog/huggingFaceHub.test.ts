import { egressAllows } from "../../catalog/egressMatch";
import { HF_HUB_EGRESS, HF_HUB_HOSTS, hubHostsNotAllowed } from "../../catalog/huggingFaceHub";
import { formatIssues, validateStackConfig } from "../../config/validate";
import { runPolicyPack } from "../../policies/harness";
import { happyStack, list, STACK_CONFIG, withInputs } from "../policies/fixtures";
import { rawConfigOf } from "../support/stackFiles";

test("the dev stack and the hub-downloading example use the catalog's hub egress list", () => {
  expect(rawConfigOf("Pulumi.dev.yaml").snowflake.egress.HUGGINGFACE).toEqual(HF_HUB_EGRESS);
  expect(rawConfigOf("examples/Pulumi.seed000-dataiku.yaml").snowflake.egress.HUGGINGFACE).toEqual(HF_HUB_EGRESS);
});

test("Snowflake wildcards cover one level: *.hf.co reaches the CDN, *.xethub.hf.co the Xet hosts", () => {
  expect(egressAllows("*.hf.co:443", "cdn-lfs-us-1.hf.co")).toBe(true);
  expect(egressAllows("*.hf.co:443", "cas-server.xethub.hf.co")).toBe(false);
  expect(egressAllows("*.xethub.hf.co", "transfer.xethub.hf.co")).toBe(true);
  expect(egressAllows("*.hf.co:80", "cdn-lfs-us-1.hf.co")).toBe(false);
  expect(hubHostsNotAllowed(HF_HUB_EGRESS)).toEqual([]);
  expect(hubHostsNotAllowed(HF_HUB_HOSTS.map((h) => `${h.host}:443`))).toEqual([]);
});

test("the pre-Xet host list validates no more: the rule names the Xet and CDN hosts it misses", () => {
  const c = rawConfigOf("Pulumi.dev.yaml");
  c.snowflake.egress.HUGGINGFACE = ["huggingface.co:443", "cdn-lfs.huggingface.co:443", "cdn-lfs-us-1.huggingface.co:443", "cas-bridge.xethub.hf.co:443"];
  const r = validateStackConfig(c);
  if (r.ok) throw new Error("expected the legacy hub list to be refused");
  const issue = r.issues.find((i) => i.path === "llmstack:models[0].snowflake.egress");
  expect(issue?.message).toMatch(/do not allow cas-server\.xethub\.hf\.co:443, transfer\.xethub\.hf\.co:443, cdn-lfs-us-1\.hf\.co:443, cdn-lfs-eu-1\.hf\.co:443/);
  expect(issue?.hint).toContain("huggingface.co:443, *.hf.co:443, *.xethub.hf.co:443");
});

test("naming every hub host instead of wildcards validates too", () => {
  const c = rawConfigOf("Pulumi.dev.yaml");
  c.snowflake.egress.HUGGINGFACE = HF_HUB_HOSTS.map((h) => `${h.host}:443`);
  const r = validateStackConfig(c);
  if (!r.ok) throw new Error(formatIssues(r.issues));
});

test("the wildcard policy admits the recommended hub list and still refuses any other wildcard", async () => {
  const run = async (values: string[]) => {
    const s = happyStack();
    s.rule = withInputs(s.rule, { valueLists: values });
    const out = await runPolicyPack(list(s), { environment: "prod", stackConfig: STACK_CONFIG });
    return out.violations.filter((v) => v.policy === "snowflake-egress-no-wildcards").map((v) => v.message);
  };
  expect(await run([...HF_HUB_EGRESS])).toEqual([]);
  const refused = await run([...HF_HUB_EGRESS, "*.example.com:443"]);
  expect(refused).toHaveLength(1);
  expect(refused[0]).toMatch(/'\*\.example\.com:443' \(\*\.example\.com is a wildcard/);
  expect(refused[0]).not.toMatch(/hf\.co/);
});
