/** `npm run plan` as a command: exit codes, and the artifacts `--out` writes. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, FORBIDDEN, SMALL, smallConfig, tempDir, writeStack } from "./helpers";

const EXAMPLES = join(__dirname, "..", "..", "examples");

function readTree(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) Object.assign(out, readTree(join(dir, e.name), `${prefix}${e.name}/`));
    else out[`${prefix}${e.name}`] = readFileSync(join(dir, e.name), "utf8");
  }
  return out;
}

describe("exit codes", () => {
  test("0: a clean plan", async () => {
    expect((await cli("--config", SMALL)).code).toBe(0);
  });

  test("1: a mandatory policy is violated (refresh tokens valid for 90 days), and the plan still prints", async () => {
    const c = smallConfig();
    c["llmstack:snowflake"].oauthClients = { APP: { redirectUri: "https://app.example.com/callback", refreshTokenValiditySecs: 7776000 } };
    const run = await cli("--config", writeStack(c), "--format", "json");
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out);
    expect(doc.exitCode).toBe(1);
    expect(doc.policies.filter((p: { level: string }) => p.level === "mandatory").map((p: { policy: string }) => p.policy)).toEqual(["snowflake-oauth-refresh-token-validity"]);
  });

  test("2: invalid config, the message naming the field", async () => {
    const c = smallConfig();
    c["llmstack:models"][0].snowflake.pool = "NOPE";
    const run = await cli("--config", writeStack(c));
    expect(run.code).toBe(2);
    expect(run.notes).toContain("llmstack:models[0].snowflake.pool");
    expect(run.out).toBe("");
  });

  test("2: bad arguments and a missing stack file", async () => {
    expect((await cli("--format", "yaml")).code).toBe(2);
    expect((await cli("--baseline", "a.json", "--against", "HEAD")).code).toBe(2);
    const run = await cli("--config", join(tempDir(), "Pulumi.none.yaml"));
    expect([run.code, run.notes]).toEqual([2, expect.stringContaining("no stack file")]);
  });
});

describe("--out", () => {
  test("writes plan.json, the SQL in dependency order, each service's spec; nothing holds a secret", async () => {
    const dir = tempDir();
    const run = await cli("--config", SMALL, "--format", "json", "--out", dir);
    expect(run.code).toBe(0);
    const files = readTree(dir);
    expect(Object.keys(files).sort()).toEqual(["plan.json", "spcs.sql", "specs/MINILM_SERVICE.yaml", "specs/QWEN_SERVICE.yaml"]);
    expect(files["plan.json"]).toBe(run.out + "\n");
    for (const [name, text] of Object.entries(files)) for (const f of FORBIDDEN) expect([name, text.includes(f)]).toEqual([name, false]);

    const sql = files["spcs.sql"];
    const at = (s: string) => {
      const i = sql.indexOf(s);
      expect([s, i >= 0]).toEqual([s, true]);
      return i;
    };
    // The pool before the service in it, the service before its function and the grant on its endpoint.
    expect(at("CREATE COMPUTE POOL LLM_SMALL_GPU")).toBeLessThan(at('CREATE SERVICE "LLM_SMALL"."MODELS"."QWEN_SERVICE"'));
    expect(at('CREATE SERVICE "LLM_SMALL"."MODELS"."QWEN_SERVICE"')).toBeLessThan(at('CREATE FUNCTION "LLM_SMALL"."MODELS"."QWEN_COMPLETE"'));
    expect(at('CREATE SERVICE "LLM_SMALL"."MODELS"."MINILM_SERVICE"')).toBeLessThan(at('GRANT SERVICE ROLE "LLM_SMALL"."MODELS"."MINILM_SERVICE"!ALL_ENDPOINTS_USAGE'));
    // @pulumi/snowflake objects are labelled indicative, as comments; the role comes before anything granted to it.
    expect(sql).toMatch(/^-- indicative: CREATE ROLE "LLM_SMALL";$/m);
    expect(at('-- indicative: CREATE ROLE "LLM_SMALL"')).toBeLessThan(at("-- indicative: GRANT USAGE, MONITOR, OPERATE ON COMPUTE POOL"));
    expect(sql.split("\n").filter((l) => /^(CREATE|GRANT|EXECUTE)/.test(l)).every((l) => !l.includes("indicative"))).toBe(true);
    // The spec file is what CREATE SERVICE sends.
    expect(sql).toContain(`FROM SPECIFICATION $$${files["specs/QWEN_SERVICE.yaml"]}$$`);
  });

  test("writes the Kubernetes manifests for a stack on the Kubernetes path", async () => {
    const dir = tempDir();
    const run = await cli("--config", join(EXAMPLES, "k8s-dev.yaml"), "--stack", "k8s-dev", "--out", dir);
    expect(run.code).toBe(0);
    const manifests = readdirSync(join(dir, "kubernetes"));
    expect(manifests[0]).toBe("01-namespace-llm-rag.yaml");
    expect(manifests.some((m) => /-deployment-mistral\.yaml$/.test(m))).toBe(true);
    expect(existsSync(join(dir, "specs"))).toBe(false);
  });
});
