/**
 * Faithful rendering: every boolean input of every resource type the program makes, in every stack
 * this repository plans, is shown in spcs.sql and in the markdown as the value the provider receives.
 *
 * A boolean input is a JSON boolean or one of @pulumi/snowflake's boolean strings ("true"/"false";
 * the bridged Terraform provider takes many booleans as strings, pkg/resources booleanStringToBool).
 * Each is set to true and to false, in the representation the program uses, and:
 *   - spcs.sql must hold the clause below for that value (SQL syntax from Snowflake's reference:
 *     CREATE COMPUTE POOL, CREATE EXTERNAL ACCESS INTEGRATION, CREATE SERVICE, CREATE WAREHOUSE,
 *     CREATE SECURITY INTEGRATION (OAuth for custom clients), GRANT <privileges>);
 *   - the markdown's change table must show the old and the new value.
 * A boolean input that this table does not know fails the test: say how it renders.
 */
import { join } from "node:path";
import { diffPlans } from "../../tools/plan/diff";
import { buildDocument } from "../../tools/plan/document";
import type { PlanDocument } from "../../tools/plan/json";
import { renderMarkdown } from "../../tools/plan/markdown";
import type { PlanResource } from "../../tools/plan/resources";
import { runPlan } from "../../tools/plan/run";
import { providerBool, renderSqlScript } from "../../tools/plan/sqlScript";
import { readStackFile } from "../../tools/plan/stackFile";

const ROOT = join(__dirname, "..", "..");
const STACKS: [string, string][] = [
  ["Pulumi.dev.yaml", "dev"],
  ["examples/Pulumi.seed000-dataiku.yaml", "seed000-dataiku"],
  ["examples/Pulumi.seed002-qwen.yaml", "seed002-qwen"],
  ["examples/Pulumi.seed003-filter.yaml", "seed003-filter"],
  ["examples/k8s-dev.yaml", "k8s-dev"],
];

const B = (b: boolean) => (b ? "TRUE" : "FALSE");
/** What spcs.sql shows for the value: a fragment that must appear, or one that must not. */
type Shown = { has: string } | { lacks: string };
type Rule = ((b: boolean) => Shown) | "not SQL";
const clause = (key: string) => (b: boolean): Shown => ({ has: `${key} = ${B(b)}` });

const RULES: Record<string, Record<string, Rule>> = {
  "llmstack:spcs:ComputePool": { autoResume: clause("AUTO_RESUME"), initiallySuspended: clause("INITIALLY_SUSPENDED") },
  "llmstack:spcs:ExternalAccessIntegration": { enabled: clause("ENABLED") },
  "llmstack:spcs:Service": {
    autoResume: clause("AUTO_RESUME"),
    // The spec travels inline in CREATE SERVICE … FROM SPECIFICATION $$…$$.
    "specification.spec.endpoints[].public": (b) => ({ has: `public: ${b}` }),
    "specification.spec.volumes[].blockConfig.snapshotOnDelete": (b) => ({ has: `snapshotOnDelete: ${b}` }),
  },
  "snowflake:index/oauthIntegrationForCustomClients:OauthIntegrationForCustomClients": {
    enabled: clause("ENABLED"),
    oauthEnforcePkce: clause("OAUTH_ENFORCE_PKCE"),
    oauthIssueRefreshTokens: clause("OAUTH_ISSUE_REFRESH_TOKENS"),
  },
  "snowflake:index/warehouse:Warehouse": { autoResume: clause("AUTO_RESUME"), initiallySuspended: clause("INITIALLY_SUSPENDED") },
  "snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole": { onAccount: (b) => (b ? { has: " ON ACCOUNT TO ROLE" } : { lacks: " ON ACCOUNT " }) },
  "docker-build:index:Image": { buildOnPreview: "not SQL", push: "not SQL" },
  "docker:index/remoteImage:RemoteImage": { keepLocally: "not SQL" },
  "docker:index/registryImage:RegistryImage": { keepRemotely: "not SQL" },
};
const notSql = (type: string) => type.startsWith("kubernetes:");

interface BoolInput {
  readonly doc: PlanDocument;
  readonly resource: PlanResource;
  /** Path with `[]` for array items, as in {@link RULES}. */
  readonly pattern: string;
  /** Concrete path segments. */
  readonly at: (string | number)[];
  readonly asString: boolean;
}

function boolInputs(doc: PlanDocument): BoolInput[] {
  const out: BoolInput[] = [];
  for (const r of doc.resources) {
    if (!r.custom) continue;
    const walk = (v: unknown, at: (string | number)[]) => {
      if (typeof v === "boolean" || v === "true" || v === "false") {
        out.push({ doc, resource: r, at, asString: typeof v === "string", pattern: at.map((s) => (typeof s === "number" ? "[]" : s)).join(".").replace(/\.\[\]/g, "[]") });
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    };
    walk(r.inputs, []);
  }
  return out;
}

function withValue(r: PlanResource, at: (string | number)[], v: unknown): PlanResource {
  const inputs = structuredClone(r.inputs);
  let o: any = inputs;
  for (const k of at.slice(0, -1)) o = o[k];
  o[at[at.length - 1]] = v;
  return { ...r, inputs };
}

const mdPath = (at: (string | number)[]) => at.map((s, i) => (typeof s === "number" ? `[${s}]` : i ? `.${s}` : s)).join("");

/** Changes the SPCS provider's own diff ignores (provider/diff.ts): no change to show. */
const IGNORED_BY_PROVIDER = new Set(["llmstack:spcs:ComputePool initiallySuspended"]);

const inputs: BoolInput[] = [];
/** The first input of each type and path: the renderers treat every instance alike. */
const unique: BoolInput[] = [];
beforeAll(async () => {
  for (const [file, stack] of STACKS) {
    const run = await runPlan(readStackFile(join(ROOT, file), stack));
    if (!run.ok) throw new Error(`${file}: ${JSON.stringify(run.issues)}`);
    inputs.push(...boolInputs(await buildDocument(run)));
  }
  const seen = new Set<string>();
  for (const i of inputs) {
    const key = `${i.resource.type} ${i.pattern} ${i.asString}`;
    if (!seen.has(key)) unique.push(i);
    seen.add(key);
  }
}, 240000);

test("every boolean input of every resource type has a known rendering", () => {
  const unknown = new Set<string>();
  for (const i of inputs) if (!notSql(i.resource.type) && RULES[i.resource.type]?.[i.pattern] === undefined) unknown.add(`${i.resource.type} ${i.pattern}`);
  expect([...unknown]).toEqual([]);
  // The stacks do exercise the string-typed booleans of @pulumi/snowflake.
  expect(inputs.filter((i) => i.asString).map((i) => i.pattern)).toEqual(expect.arrayContaining(["oauthEnforcePkce", "autoResume"]));
});

test("spcs.sql shows each boolean as the provider receives it, true and false", () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const i of unique) {
    const rule = RULES[i.resource.type]?.[i.pattern];
    const key = `${i.resource.type} ${i.pattern}`;
    if (!rule || rule === "not SQL") continue;
    checked++;
    for (const b of [true, false]) {
      const r = withValue(i.resource, i.at, i.asString ? String(b) : b);
      const sql = renderSqlScript({ ...i.doc, resources: i.doc.resources.map((x) => (x.urn === r.urn ? r : x)) });
      const block = sql.split("\n\n").find((s) => s.includes(` ${r.name}`) && s.includes(r.type)) ?? "";
      const shown = rule(b);
      const ok = "has" in shown ? block.includes(shown.has) : !block.includes(shown.lacks) && block.length > 0;
      if (!ok) wrong.push(`${key} = ${JSON.stringify(i.asString ? String(b) : b)}: expected ${JSON.stringify(shown)} in\n${block}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(checked).toBeGreaterThanOrEqual(10);
}, 120000);

test("the markdown's change table shows each boolean's old and new value", () => {
  const wrong: string[] = [];
  for (const i of unique) {
    if (IGNORED_BY_PROVIDER.has(`${i.resource.type} ${i.pattern}`)) continue;
    for (const b of [true, false]) {
      const value = (x: boolean) => (i.asString ? String(x) : x);
      const before = withValue(i.resource, i.at, value(!b));
      const after = withValue(i.resource, i.at, value(b));
      const swap = (r: PlanResource) => i.doc.resources.map((x) => (x.urn === r.urn ? r : x));
      const diff = diffPlans(swap(before), swap(after), { creditPrice: 3, currency: "USD" }, { source: "test" });
      const md = renderMarkdown({ ...i.doc, resources: swap(after), diff: { ...diff, counts: i.doc.counts } });
      const row = `| \`${mdPath(i.at)}\` | \`${!b}\` | \`${b}\` |`;
      if (!md.includes(row)) wrong.push(`${i.resource.type} ${mdPath(i.at)}: no row ${row}`);
    }
  }
  expect(wrong).toEqual([]);
}, 120000);

test("a value the provider would refuse is not guessed", () => {
  expect(providerBool("default", "x")).toBeUndefined();
  expect(() => providerBool("yes", "oauthEnforcePkce")).toThrow(/oauthEnforcePkce: "yes" is not a boolean the provider accepts/);
});
