/** The readers policies judge by (policies/facts.ts): model facts, pinned images, credentials in literals, pod specs. */
import { COMMIT_SHA, argValue, credentialFlags, hasDigest, modelFacts, plaintextCredential, podContainers, podSpecOf, publicEndpoints, servedModelArg, specContainers, unpinnedReason } from "../../policies/facts";
import { TYPES } from "../../policies/util";

const HF = "hf_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7";

test("SPCS specs: containers with defaults for what is missing, public endpoints, the served model and its flags", () => {
  expect(specContainers({ spec: { containers: [{ image: 5, env: [], args: "x" }, "not a container"] } })).toEqual([{ name: "#0", image: undefined, env: {}, args: [], command: [] }]);
  expect(specContainers(undefined)).toEqual([]);
  expect(publicEndpoints({ spec: { endpoints: [{ name: "a", public: true }, { name: "b", public: "true" }, { name: "c" }, 7] } })).toEqual(["a"]);
  expect(publicEndpoints({ spec: {} })).toEqual([]);
  expect([argValue(["--revision", "abc"], "--revision"), argValue(["--revision=def"], "--revision"), argValue(["--revision"], "--revision"), argValue(["--revision", 5], "--revision"), argValue(["--rev", "x"], "--revision")]).toEqual(["abc", "def", undefined, undefined, undefined]);
  const c = (command: unknown[], args: unknown[]) => ({ name: "m", env: {}, command, args });
  expect(servedModelArg(c(["/usr/bin/vllm", "serve"], ["org/model"]))).toBe("org/model");
  expect(servedModelArg(c([], ["vllm", "serve", "org/model"]))).toBe("org/model");
  expect(servedModelArg(c(["serve"], ["org/model"]))).toBeUndefined(); // `serve` of no program
  expect(servedModelArg(c(["myvllm", "serve"], ["org/model"]))).toBeUndefined();
  expect(servedModelArg(c(["vllm", "serve"], ["--port", "1"]))).toBeUndefined();
  expect(COMMIT_SHA.test("989aa7980e4cf806f80c7fef2b1adb7bc71aa306")).toBe(true);
  const sha = "989aa7980e4cf806f80c7fef2b1adb7bc71aa306";
  expect(["main", sha.toUpperCase(), sha.slice(1), `${sha}0`, `v${sha}`].some((r) => COMMIT_SHA.test(r))).toBe(false);
});

test("model facts: the env hints first (when valid), then the command line and the catalog", () => {
  const spec = (env: Record<string, string>, args: string[] = ["--model", "Qwen/Qwen2.5-1.5B-Instruct"]) => ({ spec: { containers: [{ name: "gw", env: {} }, { name: "m", env, args }] } });
  expect(modelFacts(spec({ LLMSTACK_MODEL_ID: "acme/x", LLMSTACK_MODEL_TASK: "embedding", LLMSTACK_MODEL_PARAMETERS_B: "0.3" }))).toEqual({ id: "acme/x", task: "embedding", parametersB: 0.3 });
  // Hints that are not usable fall back to what the command line and the catalog say.
  const fallback = modelFacts(spec({ LLMSTACK_MODEL_TASK: "vision", LLMSTACK_MODEL_PARAMETERS_B: "-1" }))!;
  expect([fallback.id, fallback.task, fallback.parametersB! > 1]).toEqual(["Qwen/Qwen2.5-1.5B-Instruct", "chat", true]);
  expect(modelFacts(spec({ LLMSTACK_MODEL_PARAMETERS_B: "many" }))!.parametersB).toBeGreaterThan(1);
  expect(modelFacts(spec({}, ["--model", "acme/unknown"]))).toEqual({ id: "acme/unknown", task: "chat", parametersB: undefined });
  expect(modelFacts(spec({}, ["--model", "acme/unknown", "--convert", "embed"]))!.task).toBe("embedding");
  expect(modelFacts(spec({}, ["--port", "8000"]))).toBeUndefined();
});

test("images: a digest or a version tag is pinned; latest, an empty tag or none is not — the tag read from the last path segment", () => {
  const d = "@sha256:" + "a".repeat(64);
  expect([unpinnedReason(`r/v${d}`), unpinnedReason("r/vllm:v0.8.5"), unpinnedReason("host:5000/vllm"), unpinnedReason("vllm:"), unpinnedReason("vllm:LATEST")]).toEqual([
    undefined,
    undefined,
    "has no tag (means latest)",
    "uses the moving tag latest",
    "uses the moving tag latest",
  ]);
  expect([hasDigest(`x${d}`), hasDigest(`x${d}0`), hasDigest("x:1")]).toEqual([true, false, false]);
});

test("credentials in literals: patterns, names, Pulumi secrets; references, flags, paths and blanks are not credentials", () => {
  expect(plaintextCredential("ANY", HF)).toBe("what looks like a Hugging Face access token (hf_…)");
  expect(plaintextCredential("DB_PASSWORD", "hunter2")).toBe("a literal value under a credential-like name");
  expect(plaintextCredential("DB_PASSWORD", 12345)).toBe("a literal value under a credential-like name");
  expect(plaintextCredential("MAX_TOKENS", "512")).toBeUndefined();
  expect(plaintextCredential("x", { secret: true })).toBe("a Pulumi secret inlined as a literal value");
  expect(["", " ", "TRUE", "$(API_KEY)", "${TOKEN}"].map((v) => plaintextCredential("API_KEY", v))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  expect(plaintextCredential("API_KEY", ["x"])).toBeUndefined();
  expect(credentialFlags(["--api-key", "letmein", "--hf-token=abc", "--token", "$(T)", "--password", "/run/secrets/p", "--api-key", "--next", HF, { secret: true }, 5, "-p", "x"])).toEqual([
    { index: 0, reason: "flag --api-key with a literal value" },
    { index: 2, reason: "flag --hf-token with a literal value" },
    { index: 9, reason: "what looks like a Hugging Face access token (hf_…)" },
    { index: 10, reason: "a Pulumi secret inlined as an argument" },
  ]);
});

test("pod specs of every workload kind, with their paths; containers and init containers", () => {
  const pod = { containers: [{ name: "a" }, "x", {}], initContainers: [{ name: "init" }] };
  const template = { template: { spec: pod } };
  expect(podSpecOf(TYPES.Pod, { spec: pod })).toEqual({ spec: pod, path: "spec" });
  expect(podSpecOf(TYPES.Deployment, { spec: template })).toEqual({ spec: pod, path: "spec.template.spec" });
  expect(podSpecOf(TYPES.CronJob, { spec: { jobTemplate: { spec: template } } })).toEqual({ spec: pod, path: "spec.jobTemplate.spec.template.spec" });
  expect([podSpecOf(TYPES.CronJob, { spec: { jobTemplate: { spec: {} } } }), podSpecOf(TYPES.Deployment, { spec: { template: {} } }), podSpecOf(TYPES.Job, { spec: "x" })]).toEqual([undefined, undefined, undefined]);
  expect(podContainers({ spec: pod, path: "spec" }).map(({ name, path, init }) => [name, path, init])).toEqual([
    ["a", "spec.containers[0]", false],
    ["#2", "spec.containers[2]", false],
    ["init", "spec.initContainers[0]", true],
  ]);
});
