/** `npm run plan` as a command: exit codes, and the artifacts `--out` writes. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main, userCwd } from "../../tools/plan";
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
  }, 120000);

  test("1: a mandatory policy is violated (refresh tokens valid for 90 days), and the plan still prints", async () => {
    const c = smallConfig();
    c["llmstack:snowflake"].oauthClients = { APP: { redirectUri: "https://app.example.com/callback", refreshTokenValiditySecs: 7776000 } };
    const run = await cli("--config", writeStack(c), "--format", "json");
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out);
    expect(doc.exitCode).toBe(1);
    expect(doc.policies.filter((p: { level: string }) => p.level === "mandatory").map((p: { policy: string }) => p.policy)).toEqual(["snowflake-oauth-refresh-token-validity"]);
  }, 120000);

  test("2: invalid config, the message naming the field", async () => {
    const c = smallConfig();
    c["llmstack:models"][0].snowflake.pool = "NOPE";
    const run = await cli("--config", writeStack(c));
    expect(run.code).toBe(2);
    expect(run.notes).toContain("llmstack:models[0].snowflake.pool");
    expect(run.out).toBe("");
  }, 120000);

  test("2: bad arguments and a missing stack file", async () => {
    expect((await cli("--format", "yaml")).code).toBe(2);
    expect((await cli("--baseline", "a.json", "--against", "HEAD")).code).toBe(2);
    const run = await cli("--config", join(tempDir(), "Pulumi.none.yaml"));
    expect([run.code, run.notes]).toEqual([2, expect.stringContaining("no stack file")]);
  }, 120000);
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
  }, 120000);

  test("writes the Kubernetes manifests for a stack on the Kubernetes path", async () => {
    const dir = tempDir();
    const run = await cli("--config", join(EXAMPLES, "k8s-dev.yaml"), "--stack", "k8s-dev", "--out", dir);
    expect(run.code).toBe(0);
    const manifests = readdirSync(join(dir, "kubernetes"));
    expect(manifests[0]).toBe("01-namespace-llm-rag.yaml");
    expect(manifests.some((m) => /-deployment-mistral\.yaml$/.test(m))).toBe(true);
    expect(existsSync(join(dir, "specs"))).toBe(false);
  }, 120000);
});

describe("a CLI like the tools users know", () => {
  test("--help and -h list every option and every exit code, and exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const run = await cli(flag);
      expect([run.code, run.notes]).toEqual([0, ""]);
      for (const option of ["--stack", "--config", "--format", "--output", "--out", "--baseline", "--against", "--state", "--fail-on-destructive-gpu", "--help"]) {
        expect(run.out).toMatch(new RegExp(`^ {2}(-\\w, )? *${option}\\b`, "m"));
      }
      for (const code of [0, 1, 2, 3]) expect(run.out).toMatch(new RegExp(`^ {2}${code} {2}\\S`, "m"));
    }
  }, 120000);

  test("--flag=value is accepted", async () => {
    const run = await cli(`--config=${SMALL}`, "--format=json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).stack).toBe("small");
  }, 120000);

  test("a mistyped option gets a suggestion; a mistyped stack gets one and the list of stacks", async () => {
    const option = await cli("--stak", "dev");
    expect([option.code, option.out]).toEqual([2, ""]);
    expect(option.notes).toMatch(/^unknown option --stak: did you mean --stack\?$/m);
    expect(option.notes).not.toMatch(/unexpected argument/); // "dev" is the mistyped option's value
    const stack = await cli("--stack", "prdo");
    expect(stack.code).toBe(2);
    expect(stack.notes).toContain("no stack prdo");
    expect(stack.notes).toContain("Did you mean --stack prod?");
    expect(stack.notes).toContain("Stacks here: dev, prod, staging.");
    expect((await cli("--format", "yaml")).notes).toContain("--format must be text, markdown or json, got yaml");
    expect((await cli("--stack")).notes).toContain("--stack needs a value");
  }, 120000);

  test("paths are relative to where the user ran the command (npm's INIT_CWD), not the repository root", async () => {
    const here = tempDir();
    writeStack(smallConfig(), "small", here);
    const out: string[] = [];
    const notes: string[] = [];
    const code = await main(["--config", "Pulumi.small.yaml", "--format", "json", "--output", "sub/plan.json", "--out", "files"], { out: (s) => out.push(s), note: (s) => notes.push(s) }, here);
    expect([code, out]).toEqual([0, []]);
    expect(JSON.parse(readFileSync(join(here, "sub", "plan.json"), "utf8")).stack).toBe("small");
    expect(existsSync(join(here, "files", "spcs.sql"))).toBe(true);
    expect(notes.join("\n")).toContain("wrote the json plan to sub/plan.json");
    // npm runs a script in the package root and says where the user was in INIT_CWD.
    expect(userCwd({ npm_lifecycle_event: "plan", INIT_CWD: here }, "/repo")).toBe(here);
    expect(userCwd({ INIT_CWD: here }, "/repo")).toBe("/repo"); // not under `npm run plan`: the process's own cwd
  }, 120000);

  test("a YAML error names the file, the line and the column", async () => {
    const here = tempDir();
    writeFileSync(join(here, "Pulumi.bad.yaml"), "config:\n  llmstack:environment: dev\n   llmstack:models: []\n");
    const out: string[] = [];
    const notes: string[] = [];
    const code = await main(["--config", "Pulumi.bad.yaml"], { out: (s) => out.push(s), note: (s) => notes.push(s) }, here);
    expect(code).toBe(2);
    expect(notes.join("\n")).toMatch(/^plan failed: Pulumi\.bad\.yaml is not valid YAML: .* at line 2, column 25:/m);
    writeFileSync(join(here, "Pulumi.list.yaml"), "- a\n- b\n");
    const list = await cli("--config", join(here, "Pulumi.list.yaml"));
    expect(list.notes).toContain("is not a Pulumi stack file");
  }, 120000);
});
