import { findPlaintextSecrets, parseSpecification, PLAINTEXT_SECRET_PATTERNS } from "../../provider/spec";
import type { ServiceSpecification } from "../../provider/resources";
import { fixture, fullSpec } from "./fixtures/specs";

// Built from pieces so no credential-shaped literal sits in the repository for scanners to trip on.
const hf = "hf_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z";
const pat = "ver:1-hint:" + "123456789" + "-ETMsDgAAAYclXmkuAxABCDEFGH";
const pem = "-----BEGIN " + "PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----";
const rsaPem = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE\n";
const aws = "AKIA" + "IOSFODNN7EXAMPLE";
const jwt = ["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"].join(".");

function withEnv(env: Record<string, string | number | boolean>, args?: string[]): ServiceSpecification {
  const spec = fullSpec();
  spec.spec.containers[1].env = env;
  if (args) spec.spec.containers[1].args = args;
  return spec;
}

describe("findPlaintextSecrets", () => {
  test("finds nothing in specs that keep credentials in Snowflake secrets", () => {
    expect(findPlaintextSecrets(fullSpec())).toEqual([]);
    expect(findPlaintextSecrets(parseSpecification(fixture("seed002-qwen-service.yaml")))).toEqual([]);
  });

  test.each([
    // [env name, value, what the message must name]
    ["HUGGING_FACE_HUB_TOKEN", hf, /Hugging Face/],
    ["MODEL_OPTS", `--token ${hf}`, /Hugging Face/], // found by value whatever the name
    ["SNOWFLAKE_AUTH", pat, /Snowflake OAuth or programmatic access token/],
    ["SIGNING", pem, /PEM private key/],
    ["LEGACY", rsaPem, /PEM private key/],
    ["AWS_ID", aws, /AWS access key id/],
    ["SESSION", jwt, /JSON Web Token/],
    ["DB_PASSWORD", "hunter2", /named like a credential/],
    ["OPENAI_API_KEY", "abc", /named like a credential/],
    ["APIKEY", "abc", /named like a credential/],
    ["CLIENT_SECRET", "abc", /named like a credential/],
    ["HF_TOKEN", "x", /named like a credential/],
    ["db_passwd", "x", /named like a credential/],
    ["PIN_SECRET", 1234, /named like a credential/],
  ])("flags env %s", (name, value, label) => {
    const issues = findPlaintextSecrets(withEnv({ [name]: value }));
    expect(issues).toEqual([{ path: `spec.containers[1].env.${name}`, message: expect.stringMatching(label) }]);
    expect(issues[0].message).toMatch(/containers\[\]\.secrets/);
    expect(issues[0].message).not.toContain(String(value)); // never echo the credential
  });

  test.each([
    ["MAX_TOKENS", "4096"],
    ["TOKENIZER", "Qwen/Qwen2.5-7B-Instruct"],
    ["HF_TOKEN_PATH", "/secrets/hf/secret_string"],
    ["SECRET_NAME", "llm_db.serving.hf_token"],
    ["HF_TOKEN", ""],
    ["USE_API_KEY", "true"],
    ["REQUIRE_TOKEN", false],
    ["MODEL", "meta-llama/Llama-3.1-8B-Instruct"],
    ["HF_ENDPOINT", "https://hf-mirror.com"],
  ])("leaves env %s alone", (name, value) => {
    expect(findPlaintextSecrets(withEnv({ [name]: value }))).toEqual([]);
  });

  test("looks in args and command too, by value", () => {
    const issues = findPlaintextSecrets(withEnv({}, ["--model", "/models/x", `--hf-token=${hf}`]));
    expect(issues).toEqual([{ path: "spec.containers[1].args[2]", message: expect.stringMatching(/^args entry holds what looks like a Hugging Face/) }]);
  });

  test("every pattern in the shared list has a distinct id and matches its own example", () => {
    const examples: Record<string, string> = {
      "huggingface-token": hf,
      "snowflake-token": pat,
      "private-key": pem,
      "aws-access-key-id": aws,
      jwt,
      "openai-key": "sk-" + "proj1234567890abcdefghij",
      "github-token": "ghp_" + "a".repeat(36),
      "url-password": "https://mirror-user:s3cret@hf-mirror.example.com",
    };
    expect(PLAINTEXT_SECRET_PATTERNS.map((p) => p.id).sort()).toEqual(Object.keys(examples).sort());
    for (const p of PLAINTEXT_SECRET_PATTERNS) expect(p.pattern.test(examples[p.id])).toBe(true);
    // A URL with a user but no password, or a port, is not a credential.
    expect(PLAINTEXT_SECRET_PATTERNS.some((p) => p.pattern.test("https://hf-mirror.com:8443/org@x"))).toBe(false);
  });

  test.each([null, {}, { spec: { containers: "x" } }, { spec: { containers: [null, { env: [1] }] } }])("ignores what it cannot read: %p", (input) => {
    expect(findPlaintextSecrets(input)).toEqual([]);
  });
});
