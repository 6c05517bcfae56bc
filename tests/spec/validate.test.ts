import { parseSpecification, validateSpecification, type SpecIssue, type ValidateOptions } from "../../provider/spec";
import { falseHints } from "../../provider/spec/validate";
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
  test("seed 002 (Kubernetes-style httpGet readinessProbe) is refused, with a hint; its periodSeconds is valid", () => {
    const issues = validateSpecification(parseSpecification(fixture("seed002-qwen-service.yaml")));
    expect(paths(issues)).toEqual(expect.arrayContaining(["spec.containers[0].readinessProbe.httpGet", "spec.containers[0].readinessProbe.initialDelaySeconds"]));
    // The current reference documents readinessProbe.periodSeconds (default 5).
    expect(paths(issues)).not.toContain("spec.containers[0].readinessProbe.periodSeconds");
    const httpGet = issues.find((i) => i.path.endsWith("readinessProbe.httpGet"))!;
    expect(httpGet.message).toMatch(/port and path directly under readinessProbe/);
    expect(httpGet.message).toMatch(/allowed here: port, path, periodSeconds, failureThreshold/);
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
    ["readinessProbe has no initial delay", (s) => (s.spec.containers[0].readinessProbe.initialDelaySeconds = 10), "spec.containers[0].readinessProbe.initialDelaySeconds", /no initial delay.*port, path, periodSeconds and failureThreshold/],
    ["readinessProbe.periodSeconds is at least 1", (s) => (s.spec.containers[0].readinessProbe.periodSeconds = 0), "spec.containers[0].readinessProbe.periodSeconds", /readinessProbe\.periodSeconds must be a whole number of seconds, at least 1, got 0/],
    ["readinessProbe.failureThreshold is whole", (s) => (s.spec.containers[0].readinessProbe.failureThreshold = 2.5), "spec.containers[0].readinessProbe.failureThreshold", /failureThreshold must be a whole number of failures, at least 1, got 2\.5/],
    // livenessProbe
    ["livenessProbe needs a path", (s) => delete s.spec.containers[0].livenessProbe.path, "spec.containers[0].livenessProbe.path", /required field path is missing/],
    ["livenessProbe path is absolute", (s) => (s.spec.containers[0].livenessProbe.path = "ping"), "spec.containers[0].livenessProbe.path", /livenessProbe\.path must be an absolute path.*"ping"/],
    ["livenessProbe.periodSeconds is a number", (s) => (s.spec.containers[0].livenessProbe.periodSeconds = "10s"), "spec.containers[0].livenessProbe.periodSeconds", /livenessProbe\.periodSeconds must be a whole number of seconds.*"10s"/],
    ["livenessProbe is not the Kubernetes probe", (s) => (s.spec.containers[0].livenessProbe.httpGet = { path: "/ping" }), "spec.containers[0].livenessProbe.httpGet", /directly under livenessProbe/],
    ["no startupProbe", (s) => (s.spec.containers[0].startupProbe = { port: 8000, path: "/health" }), "spec.containers[0].startupProbe", /readinessProbe and livenessProbe/],
    // session token
    ["mountSessionToken is boolean", (s) => (s.spec.containers[1].mountSessionToken = "no"), "spec.containers[1].mountSessionToken", /mountSessionToken must be true or false, got "no"/],
    ["no sessionTokenConfig without a token", (s) => (s.spec.containers[0].mountSessionToken = false), "spec.containers[0].sessionTokenConfig", /not allowed when mountSessionToken is false/],
    ["sessionTokenConfig has a field", (s) => (s.spec.containers[0].sessionTokenConfig = {}), "spec.containers[0].sessionTokenConfig", /at least one of path, permission, mountConnectionConfig/],
    ["permission needs path", (s) => delete s.spec.containers[0].sessionTokenConfig.path, "spec.containers[0].sessionTokenConfig.permission", /only together with sessionTokenConfig\.path/],
    ["permission is quoted", (s) => (s.spec.containers[0].sessionTokenConfig.permission = 384), "spec.containers[0].sessionTokenConfig.permission", /quoted octal string such as "0600".*got 384/],
    ["permission has four octal digits", (s) => (s.spec.containers[0].sessionTokenConfig.permission = "600"), "spec.containers[0].sessionTokenConfig.permission", /four octal digits with a leading 0.*got "600"/],
    ["permission grants no more than 0644", (s) => (s.spec.containers[0].sessionTokenConfig.permission = "0664"), "spec.containers[0].sessionTokenConfig.permission", /must not grant more than "0644".*got "0664"/],
    ["permission keeps owner read", (s) => (s.spec.containers[0].sessionTokenConfig.permission = "0044"), "spec.containers[0].sessionTokenConfig.permission", /keep owner read.*got "0044"/],
    ["token path is absolute", (s) => (s.spec.containers[0].sessionTokenConfig.path = "app/session"), "spec.containers[0].sessionTokenConfig.path", /absolute directory path, got "app\/session"/],
    ["token path is normalized", (s) => (s.spec.containers[0].sessionTokenConfig.path = "/app/../session"), "spec.containers[0].sessionTokenConfig.path", /normalized.*"\/app\/\.\.\/session"/],
    ["token path has no trailing slash", (s) => (s.spec.containers[0].sessionTokenConfig.path = "/app/session/"), "spec.containers[0].sessionTokenConfig.path", /must not end with \/, got "\/app\/session\/"/],
    ["token path has no //", (s) => (s.spec.containers[0].sessionTokenConfig.path = "/app//session"), "spec.containers[0].sessionTokenConfig.path", /redundant slashes/],
    ["token path characters", (s) => (s.spec.containers[0].sessionTokenConfig.path = "/app/my session"), "spec.containers[0].sessionTokenConfig.path", /only letters, digits, \/, -, _ and \..*"\/app\/my session"/],
    ["token path does not overlap a volume mount", (s) => (s.spec.containers[0].sessionTokenConfig.path = "/models/token"), "spec.containers[0].sessionTokenConfig.path", /"\/models\/token" overlaps the volumeMount "models" at "\/models"/],
    ["token path does not overlap a secret mount", (s) => (s.spec.containers[0].sessionTokenConfig.path = "/secrets"), "spec.containers[0].sessionTokenConfig.path", /overlaps the secret directoryPath at "\/secrets\/tls"/],
    ["mountConnectionConfig is boolean", (s) => (s.spec.containers[0].sessionTokenConfig.mountConnectionConfig = 1), "spec.containers[0].sessionTokenConfig.mountConnectionConfig", /must be true or false, got 1/],
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
    ["volumeMounts name a declared volume", (s) => (s.spec.containers[0].volumeMounts[0].name = "weights"), "spec.containers[0].volumeMounts[0].name", /"weights" names no volume.*declared: scratch, dshm, cache, models, datasets/],
    ["mountPath is absolute", (s) => (s.spec.containers[0].volumeMounts[0].mountPath = "models"), "spec.containers[0].volumeMounts[0].mountPath", /absolute path/],
    ["volume source", (s) => (s.spec.volumes[0].source = "s3://bucket"), "spec.volumes[0].source", /local, memory, block or stage \(or the deprecated "@<stage>"\), got "s3:\/\/bucket"/],
    ["memory volume needs size", (s) => delete s.spec.volumes[1].size, "spec.volumes[1].size", /memory volume needs size/],
    ["block volume size is integer Gi", (s) => (s.spec.volumes[2].size = "200G"), "spec.volumes[2].size", /whole number with the Gi suffix.*"200G"/],
    ["size only for memory and block", (s) => (s.spec.volumes[0].size = "1Gi"), "spec.volumes[0].size", /only to memory and block volumes, this one is "local"/],
    ["blockConfig only for block", (s) => (s.spec.volumes[1].blockConfig = { iops: 3000 }), "spec.volumes[1].blockConfig", /only to block volumes/],
    ["uid only for stage volumes", (s) => (s.spec.volumes[0].uid = 1000), "spec.volumes[0].uid", /only to stage volumes/],
    // block-storage-volume (current page): iops AWS/Azure 3000-80000, Google Cloud 2000-160000;
    // throughput AWS 125-2000, Azure 125-1200, Google Cloud 140-2400 (CPU) / 400-1200000 (GPU).
    ["block iops at least 2000 anywhere", (s) => (s.spec.volumes[2].blockConfig.iops = 1999), "spec.volumes[2].blockConfig.iops", /2000-160000 on any cloud.*got 1999/],
    ["block iops at least 3000 on AWS", (s) => (s.spec.volumes[2].blockConfig.iops = 2000), "spec.volumes[2].blockConfig.iops", /3000-80000 on AWS, got 2000/, { cloud: "aws" }],
    ["block iops at most 80000 on AWS", (s) => (s.spec.volumes[2].blockConfig.iops = 80001), "spec.volumes[2].blockConfig.iops", /3000-80000 on AWS, got 80001/, { cloud: "aws" }],
    ["block iops at most 160000 on Google Cloud", (s) => (s.spec.volumes[2].blockConfig.iops = 160001), "spec.volumes[2].blockConfig.iops", /2000-160000 on Google Cloud.*got 160001/, { cloud: "gcp" }],
    ["block throughput at most 2000 on AWS", (s) => (s.spec.volumes[2].blockConfig.throughput = 2001), "spec.volumes[2].blockConfig.throughput", /125-2000 MiB\/s on AWS, got 2001/, { cloud: "aws" }],
    ["block throughput at most 1200 on Azure", (s) => (s.spec.volumes[2].blockConfig.throughput = 1300), "spec.volumes[2].blockConfig.throughput", /125-1200 MiB\/s on Azure, got 1300/, { cloud: "azure" }],
    ["block throughput at least 140 on Google Cloud", (s) => (s.spec.volumes[2].blockConfig.throughput = 125), "spec.volumes[2].blockConfig.throughput", /140-1200000 MiB\/s on Google Cloud.*got 125/, { cloud: "gcp" }],
    ["encryption values", (s) => (s.spec.volumes[2].blockConfig.encryption = "AES256"), "spec.volumes[2].blockConfig.encryption", /SNOWFLAKE_SSE or SNOWFLAKE_FULL, got "AES256"/],
    ["snapshotOnDelete is boolean", (s) => (s.spec.volumes[2].blockConfig.snapshotOnDelete = "yes"), "spec.volumes[2].blockConfig.snapshotOnDelete", /true or false, got "yes"/],
    ["snapshotDeleteAfter is hours or days", (s) => (s.spec.volumes[2].blockConfig.snapshotDeleteAfter = "1w"), "spec.volumes[2].blockConfig.snapshotDeleteAfter", /<hours>h or <days>d.*got "1w"/],
    ["at most 3 block volumes", (s) => s.spec.volumes.push(...["b1", "b2", "b3"].map((name) => ({ name, source: "block", size: "10Gi" }))), "spec.volumes", /at most 3 block volumes, this spec has 4/],
    ["at most 20 stage volumes", (s) => s.spec.volumes.push(...Array.from({ length: 20 }, (_, i) => ({ name: `st${i}`, source: "stage", stageConfig: { name: "@s" } }))), "spec.volumes", /at most 20 stage volumes \(source: stage\), this spec has 21/],
    ["at most 5 deprecated stage volumes", (s) => s.spec.volumes.push(...Array.from({ length: 5 }, (_, i) => ({ name: `old${i}`, source: "@s" }))), "spec.volumes", /at most 5 deprecated stage volumes.*has 6/],
    // stage volumes (snowflake-stage-volume)
    ["a stage volume needs stageConfig", (s) => delete s.spec.volumes[4].stageConfig, "spec.volumes[4].stageConfig", /stage volume needs stageConfig\.name/],
    ["stageConfig needs name", (s) => delete s.spec.volumes[4].stageConfig.name, "spec.volumes[4].stageConfig.name", /required field name is missing/],
    ["stageConfig.name is a stage", (s) => (s.spec.volumes[4].stageConfig.name = "llm_db.serving.datasets"), "spec.volumes[4].stageConfig.name", /starting with @.*got "llm_db\.serving\.datasets"/],
    ["stageConfig only with source stage", (s) => (s.spec.volumes[0].stageConfig = { name: "@s" }), "spec.volumes[0].stageConfig", /only to volumes with source: stage, this one is "local"/],
    ["stageConfig on a deprecated stage volume says how to migrate", (s) => (s.spec.volumes[3].stageConfig = { name: "@s" }), "spec.volumes[3].stageConfig", /write source: stage and stageConfig\.name: "@llm_db\.serving\.models"/],
    ["metadataCache is h/m/s", (s) => (s.spec.volumes[4].stageConfig.metadataCache = "1 hour"), "spec.volumes[4].stageConfig.metadataCache", /"90s", "5m", "1h30m45s", got "1 hour"/],
    ["metadataCache units in order", (s) => (s.spec.volumes[4].stageConfig.metadataCache = "30m1h"), "spec.volumes[4].stageConfig.metadataCache", /got "30m1h"/],
    ["stage resources have no GPU", (s) => (s.spec.volumes[4].stageConfig.resources.limits["nvidia.com/gpu"] = 1), "spec.volumes[4].stageConfig.resources.limits.nvidia.com/gpu", /unknown field.*allowed here: memory, cpu/],
    ["stage memory needs a unit", (s) => (s.spec.volumes[4].stageConfig.resources.limits.memory = "1GB"), "spec.volumes[4].stageConfig.resources.limits.memory", /unit M, Mi, G or Gi.*"1GB"/],
    // secrets
    ["snowflakeSecret: objectName xor objectReference", (s) => (s.spec.containers[0].secrets[0].snowflakeSecret.objectReference = "ref"), "spec.containers[0].secrets[0].snowflakeSecret", /exactly one of objectName or objectReference, got both/],
    ["secret goes to envVarName xor directoryPath", (s) => (s.spec.containers[0].secrets[0].directoryPath = "/s"), "spec.containers[0].secrets[0]", /either to an environment variable.*or to files.*got both/],
    ["secretKeyRef values", (s) => (s.spec.containers[0].secrets[0].secretKeyRef = "token"), "spec.containers[0].secrets[0].secretKeyRef", /username, password, secret_string, got "token"/],
    ["secretKeyRef only with envVarName", (s) => (s.spec.containers[0].secrets[1].secretKeyRef = "password"), "spec.containers[0].secrets[1].secretKeyRef", /only with envVarName/],
    ["envVarName needs secretKeyRef", (s) => delete s.spec.containers[0].secrets[0].secretKeyRef, "spec.containers[0].secrets[0].secretKeyRef", /"HF_TOKEN" needs secretKeyRef/],
    // logs, capabilities, service roles
    ["logLevel values", (s) => (s.spec.logExporters.eventTableConfig.logLevel = "DEBUG"), "spec.logExporters.eventTableConfig.logLevel", /INFO, ERROR, NONE, got "DEBUG"/],
    ["executeAsCaller is boolean", (s) => (s.capabilities.securityContext.executeAsCaller = "yes"), "capabilities.securityContext.executeAsCaller", /executeAsCaller must be true or false, got "yes"/],
    ["enableCustomCredentials is boolean", (s) => (s.capabilities.securityContext.enableCustomCredentials = "yes"), "capabilities.securityContext.enableCustomCredentials", /enableCustomCredentials must be true or false, got "yes"/],
    ["securityContext is not Kubernetes'", (s) => (s.capabilities.securityContext.runAsUser = 1000), "capabilities.securityContext.runAsUser", /uid\/gid on the stage volume.*allowed here: executeAsCaller, enableCustomCredentials/],
    // resourceManagement (scaling-services)
    ["a metricCondition needs a scaling option", (s) => delete s.spec.resourceManagement.autoScalingPolicies.scaleDown.allConditions[0].metricCondition.targetScaling, "spec.resourceManagement.autoScalingPolicies.scaleDown.allConditions[0].metricCondition", /exactly one of targetScaling or stepScaling, got neither/],
    ["a metricCondition takes one scaling option", (s) => (s.spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[1].metricCondition.targetScaling = { targetValue: 1 }), "spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[1].metricCondition", /exactly one of targetScaling or stepScaling, got both/],
    ["aggregationType values", (s) => (s.spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[0].metricCondition.aggregationType = "sum"), "spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[0].metricCondition.aggregationType", /min, max or avg, got "sum"/],
    ["stabilizationPeriodSecs is required", (s) => delete s.spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.stabilizationPeriodSecs, "spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.stabilizationPeriodSecs", /required field stabilizationPeriodSecs is missing/],
    ["stabilizationPeriodSecs is whole seconds", (s) => (s.spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.stabilizationPeriodSecs = "5m"), "spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.stabilizationPeriodSecs", /whole number of seconds, got "5m"/],
    ["metricName is required", (s) => delete s.spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.metricName, "spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.metricName", /required field metricName is missing/],
    ["scaleUp uses anyConditions", (s) => {
      const p = s.spec.resourceManagement.autoScalingPolicies;
      p.scaleUp = { allConditions: p.scaleUp.anyConditions };
    }, "spec.resourceManagement.autoScalingPolicies.scaleUp.allConditions", /lists its conditions under anyConditions/],
    ["suspend uses allConditions", (s) => {
      const p = s.spec.resourceManagement.autoScalingPolicies;
      p.suspend = { anyConditions: p.suspend.allConditions };
    }, "spec.resourceManagement.autoScalingPolicies.suspend.anyConditions", /lists its conditions under allConditions/],
    ["suspend takes no step scaling", (s) => {
      const m = s.spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition;
      delete m.targetScaling;
      m.stepScaling = { adjustmentType: "exactInstanceCount", scalingSteps: [{ lowerBound: 0, upperBound: 1, targetAdjustment: 0 }] };
    }, "spec.resourceManagement.autoScalingPolicies.suspend.allConditions[0].metricCondition.stepScaling", /step scaling is supported only for scaleUp and scaleDown/],
    ["adjustmentType values", (s) => (s.spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[1].metricCondition.stepScaling.adjustmentType = "addInstances"), "spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[1].metricCondition.stepScaling.adjustmentType", /changeInstanceCount, exactInstanceCount, percentChangeInstanceCount, got "addInstances"/],
    ["a scaling step is a range", (s) => (s.spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[1].metricCondition.stepScaling.scalingSteps[0].upperBound = 0.5), "spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[1].metricCondition.stepScaling.scalingSteps[0].upperBound", /upperBound must be above its lowerBound, got 0\.6-0\.5/],
    ["stepScaling needs steps", (s) => (s.spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[1].metricCondition.stepScaling.scalingSteps = []), "spec.resourceManagement.autoScalingPolicies.scaleUp.anyConditions[1].metricCondition.stepScaling.scalingSteps", /at least one step/],
    ["autoScalingPolicies is not empty", (s) => (s.spec.resourceManagement.autoScalingPolicies = {}), "spec.resourceManagement.autoScalingPolicies", /at least one of scaleUp, scaleDown, suspend/],
    ["no autoscaling in a job", (s) => (s.spec.endpoints = undefined, s.serviceRoles = undefined), "spec.resourceManagement", /apply only to services, not job services/, { job: true }],
    ["autoscaling is under resourceManagement", (s) => (s.spec.autoscaling = {}), "spec.autoscaling", /spec\.resourceManagement\.autoScalingPolicies/],
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
    ["iops 80000 and throughput 2000 on AWS", (s) => Object.assign(s.spec.volumes[2].blockConfig, { iops: 80000, throughput: 2000 }), { cloud: "aws" }],
    ["iops 160000 and throughput 2400 on Google Cloud", (s) => Object.assign(s.spec.volumes[2].blockConfig, { iops: 160000, throughput: 2400 }), { cloud: "gcp" }],
    ["a job whose endpoints are TCP", (s) => {
      s.spec.endpoints = [{ name: "nccl", portRange: "29500-29510", protocol: "TCP" }];
      s.serviceRoles = undefined;
      delete s.spec.resourceManagement;
    }, { job: true }],
    ["probes with only port and path", (s) => {
      s.spec.containers[0].readinessProbe = { port: 8000, path: "/health" };
      s.spec.containers[0].livenessProbe = { port: 9000, path: "/live" };
    }],
    ["permission \"0400\" and a dot in the token path", (s) => Object.assign(s.spec.containers[0].sessionTokenConfig, { path: "/app/token.dir", permission: "0400" })],
    ["sessionTokenConfig with only mountConnectionConfig", (s) => (s.spec.containers[0].sessionTokenConfig = { mountConnectionConfig: true })],
    ["a token path next to, not inside, a mount", (s) => (s.spec.containers[0].sessionTokenConfig.path = "/modelsx")],
    ["a minimal stage volume", (s) => (s.spec.volumes[4] = { name: "datasets", source: "stage", stageConfig: { name: "@my_stage" } })],
    ["the deprecated stage form", (s) => (s.spec.volumes[4] = { name: "datasets", source: "@my_stage/folder" })],
    ["the stage mount's documented default resources", (s) => (s.spec.volumes[4].stageConfig.resources = { requests: { cpu: 0, memory: "0.5Gi" }, limits: { cpu: 0.5, memory: "1Gi" } })],
    ["metadataCache 90s and 1h30m45s", (s) => (s.spec.volumes[4].stageConfig.metadataCache = "1h30m45s")],
    ["scaling-services' scale-down example (containerName, exactInstanceCount steps)", (s) => {
      s.spec.resourceManagement.autoScalingPolicies = {
        scaleDown: {
          allConditions: [{
            metricCondition: {
              metricName: "container.memory.usage",
              containerName: "main",
              aggregationType: "min",
              stabilizationPeriodSecs: 120,
              stepScaling: {
                adjustmentType: "exactInstanceCount",
                scalingSteps: [{ lowerBound: 20971520, upperBound: 31457280, targetAdjustment: 1 }, { lowerBound: 31457280, upperBound: 41943040, targetAdjustment: 3 }],
              },
            },
          }],
        },
      };
    }],
    ["enableCustomCredentials true", (s) => (s.capabilities.securityContext = { enableCustomCredentials: true })],
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

test("every unknown-field hint is about a field the schema refuses, under an object it knows (hints state facts)", () => {
  // A hint on a field the reference documents (as "readinessProbe takes only port and path" was once
  // periodSeconds') would tell users something false.
  expect(falseHints()).toEqual([]);
});

test("block volumes take the snapshot and encryption settings of block-storage-volume, checked", () => {
  const withBlock = (blockConfig: Record<string, unknown>) => ({
    spec: { containers: [{ name: "m", image: "/db/sc/repo/img:1", volumeMounts: [{ name: "cache", mountPath: "/c" }] }], volumes: [{ name: "cache", source: "block", size: "10Gi", blockConfig }] },
  });
  expect(validateSpecification(withBlock({ snapshotOnDelete: false, snapshotDeleteAfter: "24h", encryption: "SNOWFLAKE_FULL" }) as any)).toEqual([]);
  const issues = validateSpecification(withBlock({ snapshotOnDelete: "no", snapshotDeleteAfter: "1w", encryption: "AES" }) as any).map((i) => i.path);
  expect(issues.sort()).toEqual(["spec.volumes[0].blockConfig.encryption", "spec.volumes[0].blockConfig.snapshotDeleteAfter", "spec.volumes[0].blockConfig.snapshotOnDelete"]);
});
