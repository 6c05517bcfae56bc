import { parseSpecification, validateSpecification, type SpecIssue, type ValidateOptions } from "../../provider/spec";
import type { ServiceSpecification } from "../../provider/resources";
import { fixture, fullSpec } from "./fixtures/specs";

/** Loose view of a spec so cases can write what the type forbids (that is what they test). */
type Loose = { spec: any; capabilities?: any; serviceRoles?: any } & Record<string, any>;

function mutated(change: (s: Loose) => void): unknown {
  const spec = structuredClone(fullSpec()) as Loose;
  change(spec);
  return spec;
}

const paths = (issues: SpecIssue[]) => issues.map((i) => i.path);

describe("seed specifications", () => {
  test("seed 002 (Kubernetes-style httpGet readinessProbe) is refused, with a hint", () => {
    const issues = validateSpecification(parseSpecification(fixture("seed002-qwen-service.yaml")));
    expect(paths(issues)).toEqual(
      expect.arrayContaining([
        "spec.containers[0].readinessProbe.httpGet",
        "spec.containers[0].readinessProbe.initialDelaySeconds",
        "spec.containers[0].readinessProbe.periodSeconds",
      ]),
    );
    const httpGet = issues.find((i) => i.path.endsWith("readinessProbe.httpGet"))!;
    expect(httpGet.message).toMatch(/port and path directly under readinessProbe/);
    expect(httpGet.message).toMatch(/allowed here: port, path/);
  });

  test("seed 003's filter service is valid", () => {
    expect(validateSpecification(parseSpecification(fixture("seed003-filter-service.yaml")))).toEqual([]);
  });

  test("seed 003's job spec uses spec.container, which the reference does not have", () => {
    const issues = validateSpecification(parseSpecification(fixture("seed003-job.yaml")), { job: true });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: "spec.container", message: expect.stringMatching(/did you mean spec\.containers\?/) },
        { path: "spec.containers", message: expect.stringMatching(/required field containers is missing/) },
      ]),
    );
  });
});

describe("validateSpecification", () => {
  test("accepts a spec that uses every documented field", () => {
    expect(validateSpecification(fullSpec())).toEqual([]);
  });

  // One case per rule: [rule, change, path of the issue, what its message must say]. Every case
  // starts from the valid full spec, so the issue can only come from the change.
  const cases: [string, (s: Loose) => void, string, RegExp, ValidateOptions?][] = [
    // Document shape
    ["spec.containers is required", (s) => delete s.spec.containers, "spec.containers", /required field containers is missing/],
    ["at least one container", (s) => (s.spec.containers = []), "spec.containers", /at least one container/],
    ["unknown top-level field", (s) => (s.containers = []), "containers", /belongs under spec/],
    ["misspelled container field", (s) => (s.spec.containers[0].enviroment = {}), "spec.containers[0].enviroment", /unknown field "enviroment".*allowed here: name, image, command, args, env/],
    ["Kubernetes ports on a container", (s) => (s.spec.containers[0].ports = [{ containerPort: 8000 }]), "spec.containers[0].ports", /spec\.endpoints/],
    ["serviceRoles inside spec", (s) => (s.spec.serviceRoles = s.serviceRoles), "spec.serviceRoles", /top-level field/],
    // Names: reference "General guidelines"
    ["container name must be lowercase", (s) => (s.spec.containers[0].name = "vLLM"), "spec.containers[0].name", /invalid name "vLLM": up to 63 characters/],
    ["container name at most 63 characters", (s) => (s.spec.containers[0].name = "a".repeat(64)), "spec.containers[0].name", /up to 63/],
    ["endpoint name must start with a letter", (s) => (s.spec.endpoints[0].name = "1api"), "spec.endpoints[0].name", /starting with a letter/],
    ["volume name must not end with -", (s) => (s.spec.volumes[0].name = "scratch-"), "spec.volumes[0].name", /ending with a letter or digit/],
    ["volume name has no _", (s) => (s.spec.volumes[0].name = "scratch_dir"), "spec.volumes[0].name", /"scratch_dir"/],
    ["container names are unique", (s) => (s.spec.containers[1].name = "vllm"), "spec.containers[1].name", /duplicate name "vllm": already used by spec\.containers\[0\]/],
    ["endpoint names are unique", (s) => (s.spec.endpoints[1].name = "api"), "spec.endpoints[1].name", /duplicate name "api"/],
    ["volume names are unique", (s) => (s.spec.volumes[1].name = "scratch"), "spec.volumes[1].name", /duplicate name "scratch"/],
    ["service role names are unique", (s) => s.serviceRoles.push({ name: "CHAT_USERS", endpoints: ["api"] }), "serviceRoles[1].name", /duplicate name "CHAT_USERS"/],
    // Image
    ["image must be required", (s) => delete s.spec.containers[0].image, "spec.containers[0].image", /required field image is missing/],
    ["image from Docker Hub", (s) => (s.spec.containers[0].image = "vllm/vllm-openai:latest"), "spec.containers[0].image", /"vllm\/vllm-openai:latest" is not in an SPCS image repository/],
    ["image from another registry", (s) => (s.spec.containers[0].image = "ghcr.io/llm_db/serving/images/vllm:1"), "spec.containers[0].image", /not in an SPCS image repository/],
    ["image path must be lowercase", (s) => (s.spec.containers[0].image = "/LLM_DB/serving/images/vllm:1"), "spec.containers[0].image", /lowercase/],
    ["image path needs db/schema/repo/image", (s) => (s.spec.containers[0].image = "/llm_db/images/vllm:1"), "spec.containers[0].image", /\/<db>\/<schema>\/<repo>\/<image>/],
    // command, args, env
    ["args are strings", (s) => (s.spec.containers[0].args = ["--port", 8000]), "spec.containers[0].args[1]", /entries must be strings, got 8000/],
    ["env values are scalars", (s) => (s.spec.containers[0].env.BAD = { nested: 1 }), "spec.containers[0].env.BAD", /env values must be scalars.*\{"nested":1\}/],
    ["env value null", (s) => (s.spec.containers[0].env.EMPTY = null), "spec.containers[0].env.EMPTY", /scalars.*got null/],
    ["env is a map, not a Kubernetes list", (s) => (s.spec.containers[0].env = [{ name: "A", value: "1" }]), "spec.containers[0].env", /map NAME: value/],
    // readinessProbe
    ["readinessProbe needs a port", (s) => delete s.spec.containers[0].readinessProbe.port, "spec.containers[0].readinessProbe.port", /required field port is missing/],
    ["readinessProbe path is absolute", (s) => (s.spec.containers[0].readinessProbe.path = "health"), "spec.containers[0].readinessProbe.path", /absolute path.*"health"/],
    ["readinessProbe has no Kubernetes timings", (s) => (s.spec.containers[0].readinessProbe.periodSeconds = 10), "spec.containers[0].readinessProbe.periodSeconds", /only port and path/],
    // resources
    ["memory needs a unit", (s) => (s.spec.containers[0].resources.requests.memory = 24), "spec.containers[0].resources.requests.memory", /memory needs a unit.*got 24/],
    ["memory unit is M, Mi, G or Gi", (s) => (s.spec.containers[0].resources.limits.memory = "28GB"), "spec.containers[0].resources.limits.memory", /M, Mi, G or Gi.*"28GB"/],
    ["cpu is vCPUs or millicores", (s) => (s.spec.containers[0].resources.limits.cpu = "6 cores"), "spec.containers[0].resources.limits.cpu", /millicores.*"6 cores"/],
    ["cpu is positive", (s) => (s.spec.containers[0].resources.requests.cpu = 0), "spec.containers[0].resources.requests.cpu", /positive number.*got 0/],
    ["GPU count is whole", (s) => (s.spec.containers[0].resources.requests["nvidia.com/gpu"] = 0.5), "spec.containers[0].resources.requests.nvidia.com/gpu", /whole number of GPUs, got 0\.5/],
    ["GPU request equals limit", (s) => (s.spec.containers[0].resources.limits["nvidia.com/gpu"] = 2), "spec.containers[0].resources.limits.nvidia.com/gpu", /request and limit must be equal.*is 1.*is 2/],
    ["GPU request needs a limit", (s) => delete s.spec.containers[0].resources.limits["nvidia.com/gpu"], "spec.containers[0].resources.limits.nvidia.com/gpu", /both requested and limited.*limits\.nvidia\.com\/gpu is missing/],
    ["GPU is nvidia.com/gpu", (s) => (s.spec.containers[0].resources.limits.gpu = 1), "spec.containers[0].resources.limits.gpu", /called nvidia\.com\/gpu/],
    // endpoints
    ["endpoint needs port or portRange", (s) => delete s.spec.endpoints[0].port, "spec.endpoints[0]", /exactly one of port or portRange, got neither/],
    ["endpoint takes port xor portRange", (s) => (s.spec.endpoints[1].port = 29500), "spec.endpoints[1]", /exactly one of port or portRange, got both/],
    ["port is 1-65535", (s) => (s.spec.endpoints[0].port = 70000), "spec.endpoints[0].port", /1-65535, got 70000/],
    ["portRange is low-high", (s) => (s.spec.endpoints[1].portRange = "29510-29500"), "spec.endpoints[1].portRange", /"<low>-<high>".*"29510-29500"/],
    ["portRange needs protocol TCP", (s) => delete s.spec.endpoints[1].protocol, "spec.endpoints[1].portRange", /needs protocol: TCP.*unset \(HTTP\)/],
    ["portRange cannot be public", (s) => (s.spec.endpoints[1].public = true), "spec.endpoints[1].portRange", /non-public endpoint.*public true/],
    ["protocol is TCP or HTTP", (s) => (s.spec.endpoints[0].protocol = "HTTPS"), "spec.endpoints[0].protocol", /TCP or HTTP, got "HTTPS" \(HTTPS was listed by older versions/],
    ["public endpoint must be HTTP", (s) => (s.spec.endpoints[0].protocol = "TCP"), "spec.endpoints[0].protocol", /public endpoint must use HTTP, got TCP/],
    ["CORS origin is not *", (s) => (s.spec.endpoints[0].corsSettings["Access-Control-Allow-Origin"] = ["*"]), "spec.endpoints[0].corsSettings.Access-Control-Allow-Origin[0]", /no "\*"/],
    ["job endpoints are TCP", () => undefined, "spec.endpoints[0].protocol", /job service endpoints must use protocol TCP, got "HTTP"/, { job: true }],
    // volumes and mounts
    ["volumeMounts name a declared volume", (s) => (s.spec.containers[0].volumeMounts[0].name = "weights"), "spec.containers[0].volumeMounts[0].name", /"weights" names no volume.*declared: scratch, dshm, cache, models/],
    ["mountPath is absolute", (s) => (s.spec.containers[0].volumeMounts[0].mountPath = "models"), "spec.containers[0].volumeMounts[0].mountPath", /absolute path/],
    ["volume source", (s) => (s.spec.volumes[0].source = "s3://bucket"), "spec.volumes[0].source", /local, memory, block, stage or "@<stage>", got "s3:\/\/bucket"/],
    ["memory volume needs size", (s) => delete s.spec.volumes[1].size, "spec.volumes[1].size", /memory volume needs size/],
    ["block volume size is integer Gi", (s) => (s.spec.volumes[2].size = "200G"), "spec.volumes[2].size", /whole number with the Gi suffix.*"200G"/],
    ["size only for memory and block", (s) => (s.spec.volumes[0].size = "1Gi"), "spec.volumes[0].size", /only to memory and block volumes, this one is "local"/],
    ["blockConfig only for block", (s) => (s.spec.volumes[1].blockConfig = { iops: 3000 }), "spec.volumes[1].blockConfig", /only to block volumes/],
    ["uid only for stage volumes", (s) => (s.spec.volumes[0].uid = 1000), "spec.volumes[0].uid", /only to stage volumes/],
    ["block iops at least 3000", (s) => (s.spec.volumes[2].blockConfig.iops = 2000), "spec.volumes[2].blockConfig.iops", /3000-80000.*got 2000/],
    ["block iops at most 16000 on AWS", (s) => (s.spec.volumes[2].blockConfig.iops = 20000), "spec.volumes[2].blockConfig.iops", /3000-16000 on AWS, got 20000/, { cloud: "aws" }],
    ["block throughput at most 1200", (s) => (s.spec.volumes[2].blockConfig.throughput = 1300), "spec.volumes[2].blockConfig.throughput", /125-1200 MiB\/s.*got 1300/],
    // secrets
    ["snowflakeSecret: objectName xor objectReference", (s) => (s.spec.containers[0].secrets[0].snowflakeSecret.objectReference = "ref"), "spec.containers[0].secrets[0].snowflakeSecret", /exactly one of objectName or objectReference, got both/],
    ["secret goes to envVarName xor directoryPath", (s) => (s.spec.containers[0].secrets[0].directoryPath = "/s"), "spec.containers[0].secrets[0]", /either to an environment variable.*or to files.*got both/],
    ["secretKeyRef values", (s) => (s.spec.containers[0].secrets[0].secretKeyRef = "token"), "spec.containers[0].secrets[0].secretKeyRef", /username, password, secret_string, got "token"/],
    ["secretKeyRef only with envVarName", (s) => (s.spec.containers[0].secrets[1].secretKeyRef = "password"), "spec.containers[0].secrets[1].secretKeyRef", /only with envVarName/],
    ["envVarName needs secretKeyRef", (s) => delete s.spec.containers[0].secrets[0].secretKeyRef, "spec.containers[0].secrets[0].secretKeyRef", /"HF_TOKEN" needs secretKeyRef/],
    // logs, capabilities, service roles
    ["logLevel values", (s) => (s.spec.logExporters.eventTableConfig.logLevel = "DEBUG"), "spec.logExporters.eventTableConfig.logLevel", /INFO, ERROR, NONE, got "DEBUG"/],
    ["executeAsCaller is boolean", (s) => (s.capabilities.securityContext.executeAsCaller = "yes"), "capabilities.securityContext.executeAsCaller", /expected boolean.*got "yes"/],
    ["service role name", (s) => (s.serviceRoles[0].name = "chat-users"), "serviceRoles[0].name", /invalid service role name "chat-users"/],
    ["service role needs endpoints", (s) => (s.serviceRoles[0].endpoints = []), "serviceRoles[0].endpoints", /at least one endpoint/],
    ["service role endpoints exist", (s) => (s.serviceRoles[0].endpoints = ["chat"]), "serviceRoles[0].endpoints[0]", /"chat" is not in spec\.endpoints \(declared: api, nccl\)/],
  ];

  // Object rows: with tuple rows shorter than the callback's parameter list, jest would take the
  // missing `options` for a `done` callback and wait for it.
  const rows = cases.map(([rule, change, path, message, options]) => ({ rule, change, path, message, options }));
  test.each(rows)("$rule", ({ change, path, message, options }) => {
    const issues = validateSpecification(mutated(change), options);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  test("reports problems in several places at once", () => {
    const issues = validateSpecification(
      mutated((s) => {
        s.spec.containers[0].image = "nginx";
        s.serviceRoles[0].endpoints = ["chat"];
        s.spec.volumes[2].size = "1G";
      }),
    );
    expect(paths(issues).sort()).toEqual(["serviceRoles[0].endpoints[0]", "spec.containers[0].image", "spec.volumes[2].size"]);
  });

  const accepted: [string, (s: Loose) => void, ValidateOptions?][] = [
    ["a 63-character name", (s) => (s.spec.containers[1].name = "a" + "-b".repeat(31))],
    ["the registry-host image form", (s) => (s.spec.containers[0].image = "myorg-myacct.registry.snowflakecomputing.com/llm_db/serving/images/vllm-openai:v0.8.5")],
    ["an image pinned by digest", (s) => (s.spec.containers[0].image = `/llm_db/serving/images/vllm@sha256:${"a".repeat(64)}`)],
    ["cpu as a fraction", (s) => (s.spec.containers[0].resources.requests.cpu = 0.5)],
    ["cpu as a decimal string", (s) => (s.spec.containers[0].resources.requests.cpu = "0.5")],
    ["memory in M", (s) => (s.spec.containers[0].resources.requests.memory = "512M")],
    ["no resources at all", (s) => delete s.spec.containers[0].resources],
    ["snowflakeSecret as a bare name", (s) => (s.spec.containers[0].secrets[0].snowflakeSecret = "llm_db.serving.hf_token")],
    ["a TCP endpoint with a port", (s) => (s.spec.endpoints[0] = { name: "api", port: 8000, protocol: "TCP" })],
    ["a memory volume sized in bytes", (s) => (s.spec.volumes[1].size = 1073741824)],
    ["iops up to 80000 on Azure", (s) => (s.spec.volumes[2].blockConfig.iops = 80000), { cloud: "azure" }],
    ["a job whose endpoints are TCP", (s) => {
      s.spec.endpoints = [{ name: "nccl", portRange: "29500-29510", protocol: "TCP" }];
      s.serviceRoles = undefined;
    }, { job: true }],
  ];
  test.each(accepted.map(([what, change, options]) => ({ what, change, options })))("accepts $what", ({ change, options }) => {
    expect(validateSpecification(mutated(change), options)).toEqual([]);
  });

  test.each([null, 42, "spec:", []])("reports a non-object document (%p) at (root) instead of throwing", (input) => {
    expect(validateSpecification(input)).toEqual([{ path: "(root)", message: expect.stringMatching(/expected object/) }]);
  });
});

// Keeps the typed fixture honest: the type allows what the validator accepts.
const _typed: ServiceSpecification = fullSpec();
void _typed;

test("block volumes take the snapshot and encryption settings of bundle 2026_01 (bcr-2206), checked", () => {
  const withBlock = (blockConfig: Record<string, unknown>) => ({
    spec: { containers: [{ name: "m", image: "/db/sc/repo/img:1", volumeMounts: [{ name: "cache", mountPath: "/c" }] }], volumes: [{ name: "cache", source: "block", size: "10Gi", blockConfig }] },
  });
  expect(validateSpecification(withBlock({ snapshotOnDelete: false, snapshotDeleteAfter: "24h", encryption: "SNOWFLAKE_FULL" }) as any)).toEqual([]);
  const issues = validateSpecification(withBlock({ snapshotOnDelete: "no", snapshotDeleteAfter: "1w", encryption: "AES" }) as any).map((i) => i.path);
  expect(issues.sort()).toEqual(["spec.volumes[0].blockConfig.encryption", "spec.volumes[0].blockConfig.snapshotDeleteAfter", "spec.volumes[0].blockConfig.snapshotOnDelete"]);
});
