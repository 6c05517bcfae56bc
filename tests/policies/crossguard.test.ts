/**
 * The pack under the real CrossGuard analyzer: `policies/index.ts` started by Pulumi's own
 * policy-pack runner (`@pulumi/pulumi/cmd/run-policy-pack`, as `pulumi preview --policy-pack` does),
 * with the stack config and name in the environment the way the CLI passes them, driven over gRPC
 * (GetAnalyzerInfo, Configure, Analyze, AnalyzeStack). Its diagnostics must equal what the in-process
 * harness reports for the same resources and config: that is what makes the offline plan's policy
 * results trustworthy.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { runPolicyPack, type PackConfig } from "../../policies/harness";
import { createPolicies } from "../../policies/policies";
import type { RecordedResource } from "../../tools/mockRun";
import { happyStack, list, pulumiConfigOf, STACK_CONFIG, withInputs } from "./fixtures";

/* eslint-disable @typescript-eslint/no-require-imports */
const apb = require("@pulumi/pulumi/proto/analyzer_pb");
const agrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const REPO = join(__dirname, "..", "..");
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const; // proto EnforcementLevel values 0..3

let dir: string;
let pack: ChildProcess;
let client: { [method: string]: (req: unknown, cb: (e: Error | null, r: unknown) => void) => void } & grpc.Client;

const call = <T>(method: string, req: unknown) => new Promise<T>((res, rej) => client[method](req, (e, r) => (e ? rej(e) : res(r as T))));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "llmstack-pack-"));
  // A pack directory like policies/, whose entry compiles the sources instead of needing dist/.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "llmstack-policies", version: "0.1.0", main: join(__dirname, "support", "packShim.js") }));
  writeFileSync(join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  pack = spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", dir], {
    cwd: dir,
    env: { ...process.env, LLMSTACK_REPO: REPO, PULUMI_CONFIG: JSON.stringify(pulumiConfigOf()), PULUMI_NODEJS_STACK: "shop", PULUMI_NODEJS_PROJECT: "llmstack" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  pack.stderr!.on("data", (d) => (stderr += String(d)));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`policy pack did not start: ${stderr}`)), 60000);
    pack.stdout!.once("data", (d) => {
      clearTimeout(timer);
      resolve(String(d).trim());
    });
    pack.once("exit", (code) => reject(new Error(`policy pack exited (${code}): ${stderr}`)));
  });
  client = new agrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 90000);

afterAll(() => {
  client?.close();
  pack?.kill();
  rmSync(dir, { recursive: true, force: true });
});

function optionsOf(r: RecordedResource) {
  const o = new apb.AnalyzerResourceOptions();
  o.setProtect(r.protect);
  if (r.parent) o.setParent(r.parent);
  return o;
}

function providerOf(r: RecordedResource, all: RecordedResource[]) {
  if (!r.provider) return undefined;
  const p = all.find((x) => x.urn === r.provider!.slice(0, r.provider!.lastIndexOf("::")))!;
  const msg = new apb.AnalyzerProviderResource();
  msg.setType(p.type);
  msg.setUrn(p.urn);
  msg.setName(p.name);
  msg.setProperties(Struct.fromJavaScript(p.inputs as never));
  return msg;
}

interface Diag {
  policy: string;
  level: string;
  urn?: string;
  message: string;
}

function diags(resp: { getDiagnosticsList(): { getPolicyname(): string; getEnforcementlevel(): number; getUrn(): string; getMessage(): string; getDescription(): string }[] }, urn?: string): Diag[] {
  return resp.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    level: LEVELS[d.getEnforcementlevel()],
    urn: d.getUrn() || urn,
    // CrossGuard prefixes the policy's description.
    message: d.getMessage().slice(d.getDescription().length + 1),
  }));
}

/** What `pulumi preview` would do: configure, Analyze every resource, then AnalyzeStack. */
async function analyzeAll(resources: RecordedResource[], config: PackConfig, levels: Record<string, string>): Promise<Diag[]> {
  const req = new apb.ConfigureAnalyzerRequest();
  for (const [name, level] of Object.entries(levels)) {
    const entry = config[name];
    const pc = new apb.PolicyConfig();
    const wanted = typeof entry === "string" ? entry : (entry?.enforcementLevel ?? level);
    pc.setEnforcementlevel(LEVELS.indexOf(wanted as (typeof LEVELS)[number]));
    const { enforcementLevel: _ignored, ...props } = typeof entry === "object" ? entry : {};
    pc.setProperties(Struct.fromJavaScript(props as never));
    req.getPolicyconfigMap().set(name, pc);
  }
  await call("configure", req);
  const out: Diag[] = [];
  for (const r of resources) {
    const a = new apb.AnalyzeRequest();
    a.setType(r.type);
    a.setUrn(r.urn);
    a.setName(r.name);
    a.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.inputs))));
    a.setOptions(optionsOf(r));
    const p = providerOf(r, resources);
    if (p) a.setProvider(p);
    out.push(...diags(await call("analyze", a), r.urn));
  }
  const s = new apb.AnalyzeStackRequest();
  s.setResourcesList(
    resources.map((r) => {
      const m = new apb.AnalyzerResource();
      m.setType(r.type);
      m.setUrn(r.urn);
      m.setName(r.name);
      m.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.inputs))));
      m.setOptions(optionsOf(r));
      if (r.parent) m.setParent(r.parent);
      m.setDependenciesList([...r.dependencies]);
      const p = providerOf(r, resources);
      if (p) m.setProvider(p);
      return m;
    }),
  );
  out.push(...diags(await call("analyzeStack", s)));
  return out;
}

test("the analyzer serves the pack with the stack's environment levels (read from the stack config the CLI passes)", async () => {
  const info = await call<{ getName(): string; getPoliciesList(): { getName(): string; getEnforcementlevel(): number }[] }>("getAnalyzerInfo", new Empty());
  expect(info.getName()).toBe("llmstack");
  const served = Object.fromEntries(info.getPoliciesList().map((p) => [p.getName(), LEVELS[p.getEnforcementlevel()]]));
  // llmstack:environment is prod in the config; the stack name ("shop") would have said dev.
  expect(served).toEqual(Object.fromEntries(createPolicies({ environment: "prod" }).map((p) => [p.name, p.enforcementLevel])));
}, 30000);

test("CrossGuard's diagnostics equal the harness's, for a stack with violations of every kind of policy", async () => {
  const s = happyStack();
  s.rule = withInputs(s.rule, { valueLists: ["0.0.0.0:443"] });
  s.gpuPool = withInputs(s.gpuPool, { autoSuspendSecs: 0, maxNodes: 6 }, { protect: false });
  s.minilmGrant = withInputs(s.minilmGrant, { toRole: "PUBLIC" });
  s.qwen = { ...s.qwen, provider: `${s.adminSpcs.urn}::x` };
  s.deployment = withInputs(s.deployment, { metadata: { name: "no-probes" } });
  delete (s.deployment.inputs as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } }).spec.template.spec.containers[0].livenessProbe;
  const resources = list(s);
  const config: PackConfig = { "spcs-compute-pool-auto-suspend": { enforcementLevel: "advisory", maxAutoSuspendSecs: 300 }, "k8s-probes": "disabled" };
  const levels = Object.fromEntries(createPolicies({ environment: "prod" }).map((p) => [p.name, p.enforcementLevel!]));

  const fromCrossGuard = await analyzeAll(resources, config, levels);
  const fromHarness = (await runPolicyPack(resources, { environment: "prod", stackConfig: STACK_CONFIG, config })).violations.map((v) => ({
    policy: v.policy,
    level: v.level,
    urn: v.resourceUrn,
    message: v.message,
  }));
  expect(new Set(fromCrossGuard.map((d) => d.policy))).toEqual(
    new Set(["snowflake-egress-no-wildcards", "spcs-compute-pool-auto-suspend", "spcs-gpu-pool-caps", "stack-credit-budget", "prod-protect-stateful", "spcs-endpoint-access", "spcs-runtime-objects-not-admin-owned"]),
  );
  expect(fromHarness).toEqual(fromCrossGuard);
}, 60000);
