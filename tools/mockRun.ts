/**
 * Runs a Pulumi program in-process under `pulumi.runtime.setMocks` and records every resource it
 * registers: type, name, parent, inputs (secrets kept marked), dependencies and the resource options
 * the engine would see (protect, retainOnDelete, deleteBeforeReplace, provider).
 *
 * The offline plan, the policy harness and the component tests all use this one recorder. Pulumi's
 * MockMonitor drops parent, dependencies and options before calling `newResource`
 * (pulumi/pulumi#14421), so we read them off the RegisterResourceRequest it receives.
 *
 * FAKE: no engine and no provider runs here; outputs are the inputs plus deterministic ids.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

export const SECRET_MARK = "[secret]";

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Parent URN; the stack for top-level resources. */
  readonly parent?: string;
  /** Inputs as registered; secret values are replaced by {@link SecretValue}. */
  readonly inputs: Record<string, unknown>;
  /** URNs this resource depends on (explicit and through inputs). */
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  /** Provider reference (`urn::id`) for custom resources with an explicit provider. */
  readonly provider?: string;
  /** Outputs a component registered with registerOutputs. */
  outputs?: Record<string, unknown>;
}

/** A secret input as recorded: never the plaintext. */
export interface SecretValue {
  readonly secret: true;
}

export function isSecretValue(v: unknown): v is SecretValue {
  return typeof v === "object" && v !== null && (v as SecretValue).secret === true && Object.keys(v).length === 1;
}

export interface MockRunOptions {
  project?: string;
  stack?: string;
  /** Full config map (`ns:key` → string value, objects as JSON), as `Pulumi.<stack>.yaml` would give. */
  config?: Record<string, string>;
  /** Config keys that are secrets. */
  secretKeys?: string[];
  /** Computed outputs a mock provider would return, by type token. */
  outputsFor?: OutputsFor;
}

/** What the recorder knows of a resource when its outputs are asked for. */
export interface Registration {
  readonly urn: string;
  /** Inputs as {@link RecordedResource.inputs} records them. */
  readonly inputs: Record<string, unknown>;
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** `inputs` as the mock receives them (secrets still wrapped); `registration` when the recorder knows it. */
export type OutputsFor = (type: string, name: string, inputs: Record<string, unknown>, registration?: Registration) => Record<string, unknown>;

export interface MockRunResult<T> {
  readonly resources: RecordedResource[];
  readonly exports: T;
  readonly stackUrn: string;
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Replace Pulumi's serialized secrets with a marker, recursively; unknowns become undefined. */
function scrub(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(scrub);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return { secret: true } satisfies SecretValue;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) if (k !== "__provider") out[k] = scrub(x);
    return out;
  }
  return v;
}

function deterministicId(type: string, name: string): string {
  return `${name}-id`;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> };
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
  getProtect(): boolean;
  getVersion?(): string;
  getRetainondelete?(): boolean;
  hasRetainondelete?(): boolean;
  getDeletebeforereplace(): boolean;
  getProvider(): string;
}

/**
 * Run `program` under mocks. Config must be passed here (Pulumi does not mock config: #4472), and
 * the program must be loaded inside `program`, after the mocks exist.
 */
export async function mockRun<T>(program: () => T | Promise<T>, opts: MockRunOptions = {}): Promise<MockRunResult<T>> {
  const project = opts.project ?? "llmstack";
  const stack = opts.stack ?? "dev";
  const recorded = new Map<string, RecordedResource>();
  // The registration the mock's newResource belongs to: MockMonitor.registerResource calls newResource
  // synchronously, before its first await (runtime/mocks.js), so the one set just before is its own.
  let registering: (Registration & { type: string; name: string }) | undefined;

  pulumi.runtime.setAllConfig(opts.config ?? {}, opts.secretKeys ?? []);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const own = registering && registering.type === args.type && registering.name === args.name ? registering : undefined;
        registering = undefined;
        const extra = opts.outputsFor?.(args.type, args.name, args.inputs, own) ?? {};
        return { id: args.custom === false ? undefined : deterministicId(args.type, args.name), state: { ...args.inputs, ...extra } };
      },
      call(args) {
        return args.inputs;
      },
    },
    project,
    stack,
    false,
  );

  // The monitor setMocks installed; wrap it to read what MockResourceArgs leaves out.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MockMonitor };
  const monitor = settings.getMonitor();
  // URNs as the engine makes them. MockMonitor.newUrn (runtime/mocks.js) qualifies a child's type with
  // its parent's own type only, the engine with the parent's whole qualified type (every ancestor:
  // `A$B$C`), as the SDK's createUrn does (@pulumi/pulumi resource.js: the parent URN up to its last
  // "::", plus "$"; the stack type is never a prefix). Seen under the real CLI v3.274.1 (tests/engine).
  // With the mock's form, a grandchild's URN in a plan never matched a `pulumi stack export` checkpoint.
  const newUrn = (parent: string, type: string, name: string) => {
    const prefix = parent ? parent.slice(0, parent.lastIndexOf("::")) + "$" : "";
    const qualified = !prefix || prefix.endsWith("::pulumi:pulumi:Stack$") ? type : `${prefix.split("::")[2]}${type}`;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
  };
  (monitor as unknown as { newUrn: typeof newUrn }).newUrn = newUrn;
  const register = monitor.registerResource.bind(monitor);
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResource = async (req: RegisterRequest, callback: (err: unknown, resp: { getUrn(): string } | undefined) => void) => {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
    const inputs = scrub(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    // The engine records a provider's plugin version (the `version` resource option) among its inputs
    // (pulumi/pulumi pkg/resource/deploy/source_eval.go: providers.SetProviderVersion(props, …)).
    if (req.getType().startsWith("pulumi:providers:") && req.getVersion?.()) inputs.version = req.getVersion();
    registering = { urn: newUrn(req.getParent(), req.getType(), req.getName()), type: req.getType(), name: req.getName(), inputs, propertyDependencies };
    await register(req, (err: unknown, resp: { getUrn(): string } | undefined) => {
      if (!err && resp) {
        const deps = new Set([...req.getDependenciesList(), ...Object.values(propertyDependencies).flat()]);
        recorded.set(resp.getUrn(), {
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent() || undefined,
          inputs,
          dependencies: [...deps],
          propertyDependencies,
          protect: req.getProtect(),
          retainOnDelete: req.getRetainondelete?.() ?? false,
          deleteBeforeReplace: req.getDeletebeforereplace(),
          provider: req.getProvider() || undefined,
        });
      }
      callback(err, resp);
    });
  };
  monitor.registerResourceOutputs = (req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, callback: (e: unknown, r: unknown) => void) => {
    const r = recorded.get(req.getUrn());
    if (r) r.outputs = scrub(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
    registerOutputs(req, callback);
  };

  const exported = await program();
  // No "wait for all resources" exists (pulumi/pulumi#6666): settle the exports, then drain the queue.
  const exportsValue = (await settle(exported)) as T;
  await drain(() => recorded.size);
  const stackUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
  return { resources: [...recorded.values()], exports: exportsValue, stackUrn };
}

/** Resolve Outputs (and promises) inside plain values. Secrets come back as {@link SECRET_MARK}. */
async function settle(v: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(v)) {
    // isSecret is public on OutputImpl but absent from the Output typings.
    const secret = await (v as unknown as { isSecret: Promise<boolean> }).isSecret;
    const value = await new Promise<unknown>((resolve) => (v as pulumi.Output<unknown>).apply((x) => resolve(x)));
    return secret ? SECRET_MARK : settle(value);
  }
  if (v instanceof Promise) return settle(await v);
  if (Array.isArray(v)) return Promise.all(v.map(settle));
  if (v && typeof v === "object" && !pulumi.Resource.isInstance(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await settle(x);
    return out;
  }
  return v;
}

/** Wait until registrations stop arriving (they are asynchronous and may chain). */
async function drain(count: () => number): Promise<void> {
  let last = -1;
  let stable = 0;
  while (stable < 3) {
    await new Promise((r) => setImmediate(r));
    const n = count();
    stable = n === last ? stable + 1 : 0;
    last = n;
  }
}
