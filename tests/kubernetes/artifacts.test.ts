/**
 * `--out DIR` for the Kubernetes path without Pulumi: the manifests `kubectl apply -f` reads (no
 * Secret shells, no YAML aliases), the script that creates the Secrets from the environment (run
 * here against a stand-in `kubectl` that records what it is asked), and the Pachyderm specs when the
 * stack asks for them (K13, deliverable 4).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { renderPachydermPipelines } from "../../components/kubernetes/manifests/pachyderm";
import { executePlan } from "../../tools/plan/command";
import { assertNoSecrets } from "../../tools/plan/guard";
import { kubernetesArtifacts, secretEnvVar } from "../../tools/plan/kubernetesArtifacts";
import { EXAMPLE_STACK, exampleConfig, parseValid, rawStackConfig } from "./support/stack";

const API_KEY = "sk-llmstack-artifacts-0123456789abcdefghij";
const WEBUI = "webui-artifacts-0123456789abcdef";
const HF = "hf_" + "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "llmstack-k8s-out-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeOut(raw: object = rawStackConfig()): Promise<Map<string, string>> {
  const files = await kubernetesArtifacts(parseValid(raw));
  for (const [name, text] of files) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return files;
}

/** Runs kubernetes-secrets.sh with a `kubectl` on PATH that logs its arguments and stdin, one JSON line per call. */
function runSecretsScript(env: Record<string, string>): { status: number | null; stderr: string; calls: { args: string[]; stdin: string }[] } {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  const log = join(dir, "kubectl.log");
  writeFileSync(
    join(bin, "kubectl"),
    `#!/bin/sh\nstdin=""\nif [ "$1" = "apply" ] && [ "$3" = "-" ]; then stdin=$(cat); fi\npython3 -c 'import json,sys; print(json.dumps({"args": sys.argv[2:], "stdin": sys.argv[1]}))' "$stdin" "$@" >> "${log}"\n` +
      // `create … --dry-run=client -o yaml` prints the object, which the pipe hands to `apply -f -`.
      `if [ "$3" = "create" ]; then echo "created-by-dry-run: $*"; fi\n`,
  );
  chmodSync(join(bin, "kubectl"), 0o755);
  const r = spawnSync("sh", [join(dir, "kubernetes-secrets.sh")], { env: { PATH: `${bin}:${process.env.PATH}`, ...env }, encoding: "utf8" });
  let calls: { args: string[]; stdin: string }[] = [];
  try {
    calls = readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    calls = [];
  }
  return { status: r.status, stderr: r.stderr, calls };
}

test("the manifests for kubectl: no Secret shells, no YAML anchors or aliases, the namespace first", async () => {
  const files = await writeOut();
  const manifests = [...files.keys()].filter((f) => f.startsWith("kubernetes/")).sort();
  expect(manifests[0]).toBe("kubernetes/01-namespace-llm-rag.yaml");
  const docs = manifests.map((f) => parse(files.get(f)!));
  expect(docs.filter((d) => d.kind === "Secret")).toEqual([]);
  expect(docs.some((d) => d.kind === "Deployment" && d.metadata.name === "mistral")).toBe(true);
  for (const f of manifests) expect([f, /(^|[\s:-])[&*]a\d+\b/m.test(files.get(f)!)]).toEqual([f, false]);
  // The ingestion Job shares objects between its containers: yaml's default writes them as anchors.
  const ingest = (renderKubernetesManifests(exampleConfig()) as { kind: string; metadata: { name: string } }[]).find((m) => m.kind === "Job" && m.metadata.name.startsWith("ingest-"))!;
  expect(stringify(ingest, { lineWidth: 0 })).toMatch(/&a\d/);
});

test("kubernetes-secrets.sh creates every Secret the manifests read, from the environment, and holds no value", async () => {
  const files = await writeOut();
  const script = files.get("kubernetes-secrets.sh")!;
  assertNoSecrets(script, "kubernetes-secrets.sh");
  for (const v of [API_KEY, WEBUI, HF]) expect(script).not.toContain(v);

  const r = runSecretsScript({ LLMSTACK_API_KEY: API_KEY, LLMSTACK_WEBUI_SECRET_KEY: WEBUI });
  expect([r.status, r.stderr]).toEqual([0, ""]);
  expect(r.calls[0].args).toEqual(["apply", "-f", join(dir, "kubernetes", "01-namespace-llm-rag.yaml")]);
  const creates = r.calls.filter((c) => c.args[2] === "create");
  expect(creates.map((c) => c.args)).toEqual([
    ["-n", "llm-rag", "create", "secret", "generic", "llmstack-api-key", `--from-literal=api-key=${API_KEY}`, `--from-literal=openai-api-keys=${API_KEY}`, "--dry-run=client", "-o", "yaml"],
    ["-n", "llm-rag", "create", "secret", "generic", "llmstack-webui-secret", `--from-literal=secret-key=${WEBUI}`, "--dry-run=client", "-o", "yaml"],
  ]);
  // Each create is piped into apply: created or updated, in any order, never AlreadyExists.
  expect(r.calls.filter((c) => c.args.join(" ") === "apply -f -").map((c) => c.stdin)).toEqual(creates.map((c) => `created-by-dry-run: ${c.args.join(" ")}`));

  // The names the manifests reference are the names the script creates.
  const refs = new Set<string>();
  for (const [f, text] of files) if (f.startsWith("kubernetes/")) for (const m of text.matchAll(/secretKeyRef:\s*\n\s*name: (\S+)\n\s*key: (\S+)/g)) refs.add(`${m[1]}/${m[2]}`);
  const created = new Set(creates.flatMap((c) => c.args.filter((a) => a.startsWith("--from-literal=")).map((a) => `${c.args[5]}/${a.slice(15).split("=")[0]}`)));
  expect([...refs].filter((r) => !r.startsWith("llmstack-hf-token/")).sort()).toEqual([...created].sort());
});

test("the Hugging Face token is optional; a missing required value stops the script before anything is created", async () => {
  await writeOut();
  const withHf = runSecretsScript({ LLMSTACK_API_KEY: API_KEY, LLMSTACK_WEBUI_SECRET_KEY: WEBUI, LLMSTACK_HF_TOKEN: HF });
  expect(withHf.calls.filter((c) => c.args[2] === "create").map((c) => c.args[5])).toEqual(["llmstack-hf-token", "llmstack-api-key", "llmstack-webui-secret"]);
  rmSync(join(dir, "kubectl.log"));
  const missing = runSecretsScript({ LLMSTACK_WEBUI_SECRET_KEY: WEBUI });
  expect(missing.status).not.toBe(0);
  expect(missing.stderr).toContain("LLMSTACK_API_KEY");
  expect(missing.calls).toEqual([]);
  expect(secretEnvVar("llmstack:webuiSecretKey")).toBe("LLMSTACK_WEBUI_SECRET_KEY");
});

test("with two chat models the Open WebUI key list repeats the key once per model, as the Pulumi secret does", async () => {
  const raw = rawStackConfig() as Record<string, any>;
  raw.models = [...raw.models, { name: "QWEN", source: { huggingFaceId: "Qwen/Qwen2.5-1.5B-Instruct" }, kubernetes: { gpu: "l4" } }];
  await writeOut(raw);
  const r = runSecretsScript({ LLMSTACK_API_KEY: API_KEY, LLMSTACK_WEBUI_SECRET_KEY: WEBUI });
  expect(r.calls.find((c) => c.args[5] === "llmstack-api-key")!.args).toContain(`--from-literal=openai-api-keys=${API_KEY};${API_KEY}`);
});

describe("Pachyderm specs from --out", () => {
  test("written only when the stack asks for them (kubernetes.pachyderm), equal to renderPachydermPipelines", async () => {
    expect([...(await kubernetesArtifacts(exampleConfig())).keys()].filter((f) => f.startsWith("pachyderm/"))).toEqual([]);
    const raw = rawStackConfig() as Record<string, any>;
    raw.kubernetes.pachyderm = { project: "pdk-rag" };
    const files = await kubernetesArtifacts(parseValid(raw));
    const specs = renderPachydermPipelines(parseValid(raw)) as { pipeline: { name: string; project: { name: string } } }[];
    expect([...files.keys()].filter((f) => f.startsWith("pachyderm/")).sort()).toEqual(["pachyderm/download-minilm.json", "pachyderm/download-mistral.json", "pachyderm/ingest.json"]);
    for (const s of specs) expect(JSON.parse(files.get(`pachyderm/${s.pipeline.name}.json`)!)).toEqual(s);
    expect(specs[0].pipeline.project.name).toBe("pdk-rag");
  });

  test("npm run plan -- --out writes them next to the manifests", async () => {
    const doc = parse(readFileSync(EXAMPLE_STACK, "utf8"));
    doc.config["llmstack:kubernetes"].pachyderm = {};
    const stackFile = join(dir, "Pulumi.k8s-dev.yaml");
    writeFileSync(stackFile, stringify(doc));
    const out = join(dir, "out");
    const notes: string[] = [];
    const code = await executePlan({ stack: "k8s-dev", configFile: stackFile, format: "text", out, failOnDestructiveGpu: false, cwd: dir, root: dir }, { out: () => {}, note: (s) => notes.push(s) });
    expect(code).toBe(0);
    expect(readdirSync(join(out, "pachyderm")).sort()).toEqual(["download-minilm.json", "download-mistral.json", "ingest.json"]);
    expect(readdirSync(out)).toContain("kubernetes-secrets.sh");
  }, 60000);
});
