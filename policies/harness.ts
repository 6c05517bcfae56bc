/**
 * Runs the policy pack in-process over resources recorded by `tools/mockRun.ts`, calling each
 * policy's `validateResource` / `validateStack` the way CrossGuard's analyzer does
 * (`@pulumi/policy` server.js: `makeAnalyzeRpcFun`, `makeAnalyzeStackRpcFun`, `getResourceOptions`,
 * `makeGetConfigFun`, `isTypeOf`): same argument shapes, same unknown-value proxy, same level
 * resolution (`disabled` skips the policy, `remediate` reports as mandatory), same fast type check.
 * There is no official harness (pulumi/pulumi-policy#12); this follows pulumi-policy-aws' test util.
 *
 * Import it freely: it never constructs a PolicyPack.
 *
 * Differences from a real run, by necessity: inputs are what the mock runner recorded (Pulumi
 * secrets appear as `{secret: true}`, not decrypted; nothing is unknown), and resource options
 * carry only what CrossGuard exposes (no retainOnDelete).
 */
import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import type { StackConfig } from "../config/schema";
import type { RecordedResource } from "../tools/mockRun";
import { environmentFromStackName, type Environment } from "./context";
import { createPolicies } from "./policies";
import { unknownCheckingProxy, UnknownValueError } from "./sdk";
import { settings, type LlmstackPolicy } from "./util";

/** One violation, as the CLI would print it. */
export interface PolicyResult {
  readonly policy: string;
  /** `remediate` is reported as mandatory, as CrossGuard does. */
  readonly level: "advisory" | "mandatory";
  readonly resourceUrn?: string;
  readonly resourceName?: string;
  readonly type?: string;
  readonly message: string;
}

/** Pack config in the `--policy-pack-config` file's shape: `all` and per-policy level or settings. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface RunPoliciesOptions {
  /** Pack config, as in the file given to `--policy-pack-config`. */
  readonly config?: PackConfig;
  /** Per-policy level overrides, applied over `config`. */
  readonly levels?: Readonly<Record<string, EnforcementLevel>>;
  /** Decides the environment when neither `environment` nor `stackConfig` does. */
  readonly stackName?: string;
  readonly environment?: Environment;
  /** The validated stack config (runtime role, budget, public endpoints, config paths in messages). */
  readonly stackConfig?: StackConfig;
  readonly stackTags?: Readonly<Record<string, string>>;
  /** Policies to run. @default createPolicies(context from the options above) */
  readonly policies?: readonly LlmstackPolicy[];
}

export interface PackRun {
  readonly environment: Environment;
  readonly violations: PolicyResult[];
  /** Policies that declared themselves not applicable, with the reason. */
  readonly notApplicable: { policy: string; reason: string }[];
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason);
  }
}
const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason);
};

/** CrossGuard's `isTypeOf`: a class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const token = (resourceClass as { __pulumiType?: string }).__pulumiType;
  if (token) return type === token;
  const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** Inputs as the analyzer gets them: a protobuf Struct has no undefined values. */
function plain(inputs: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(inputs ?? {})) as Record<string, unknown>;
}

function optionsOf(r: RecordedResource): PolicyResourceOptions {
  return {
    protect: r.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
    ...(r.parent ? { parent: r.parent } : {}),
  };
}

/** `urn::id` → the provider resource, when the mock run recorded it. */
function providerOf(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): PolicyProviderResource | undefined {
  if (!r.provider) return undefined;
  const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
  const p = byUrn.get(urn);
  return p ? { type: p.type, props: unknownCheckingProxy(plain(p.inputs)), urn: p.urn, name: p.name } : undefined;
}

interface Resolved {
  readonly policy: LlmstackPolicy;
  readonly level: EnforcementLevel;
  readonly config: Record<string, unknown>;
}

/** Level and settings of each policy from the pack config, as the CLI reconciles them. */
function resolve(policies: readonly LlmstackPolicy[], opts: RunPoliciesOptions): Resolved[] {
  const config = opts.config ?? {};
  const known = new Set(policies.map((p) => p.name));
  for (const k of Object.keys(config)) {
    // CrossGuard would ignore a misspelt policy name; in-process we refuse it, since the result would silently differ.
    if (k !== "all" && !known.has(k)) throw new Error(`pack config names unknown policy "${k}"`);
  }
  for (const k of Object.keys(opts.levels ?? {})) if (!known.has(k)) throw new Error(`levels names unknown policy "${k}"`);
  const levelOf = (v: PackConfig[string] | undefined) => (typeof v === "string" ? v : v?.enforcementLevel);
  return policies.map((policy) => {
    const entry = config[policy.name];
    const props = typeof entry === "object" ? entry : {};
    const level = opts.levels?.[policy.name] ?? levelOf(entry) ?? levelOf(config.all) ?? policy.enforcementLevel ?? "advisory";
    return { policy, level, config: settings<Record<string, unknown>>(policy.configSchema, props) };
  });
}

/** Run the pack over recorded resources: violations and not-applicable policies. */
export async function runPolicyPack(resources: readonly RecordedResource[], opts: RunPoliciesOptions = {}): Promise<PackRun> {
  const environment = opts.environment ?? opts.stackConfig?.environment ?? environmentFromStackName(opts.stackName);
  const policies = opts.policies ?? createPolicies({ environment, stack: opts.stackConfig });
  const resolved = resolve(policies, opts).filter((r) => r.level !== "disabled");
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(opts.stackTags ?? {}));
  const violations: PolicyResult[] = [];
  const notApplicable: { policy: string; reason: string }[] = [];

  const reporter = (r: Resolved, resource?: RecordedResource) => (message: string, urn?: string) => {
    const target = urn ? byUrn.get(urn) : resource;
    violations.push({
      policy: r.policy.name,
      level: r.level === "advisory" ? "advisory" : "mandatory",
      resourceUrn: urn ?? resource?.urn,
      resourceName: target?.name,
      type: target?.type,
      message,
    });
  };
  const handle = (r: Resolved, e: unknown) => {
    if (e instanceof UnknownValueError) {
      violations.push({ policy: r.policy.name, level: "advisory", message: `can't run policy '${r.policy.name}' during preview: ${e.message}` });
    } else if (e instanceof NotApplicableError) {
      notApplicable.push({ policy: r.policy.name, reason: e.reason ?? "" });
    } else {
      throw new Error(`Error validating resource with policy '${r.policy.name}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };

  // Analyze: every resource, every resource policy (the engine calls it once per resource goal).
  for (const res of resources) {
    const props = unknownCheckingProxy(plain(res.inputs));
    for (const r of resolved) {
      if (!("validateResource" in r.policy) || !r.policy.validateResource) continue;
      const fns = Array.isArray(r.policy.validateResource) ? r.policy.validateResource : [r.policy.validateResource];
      const token = !Array.isArray(r.policy.validateResource) ? (r.policy.validateResource as { __pulumiType?: string }).__pulumiType : undefined;
      if (token && token !== res.type) continue;
      for (const fn of fns) {
        const args: ResourceValidationArgs = {
          type: res.type,
          props,
          urn: res.urn,
          name: res.name,
          opts: optionsOf(res),
          stackTags,
          isType: (cls) => isTypeOf(res.type, cls),
          asType: ((cls: unknown) => (isTypeOf(res.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
          getConfig: <T extends object>() => ({ ...r.config }) as T,
          notApplicable: throwNotApplicable,
        };
        const provider = providerOf(res, byUrn);
        if (provider) args.provider = provider;
        try {
          await Promise.resolve(fn(args, reporter(r, res)));
        } catch (e) {
          handle(r, e);
        }
      }
    }
  }

  // AnalyzeStack: all resources with parent and dependencies linked.
  const views = new Map<string, PolicyResource>();
  for (const res of resources) {
    const props = unknownCheckingProxy(plain(res.inputs));
    const view: PolicyResource = {
      type: res.type,
      props,
      urn: res.urn,
      name: res.name,
      opts: optionsOf(res),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(res.type, cls),
      asType: ((cls: unknown) => (isTypeOf(res.type, cls) ? props : undefined)) as PolicyResource["asType"],
    };
    const provider = providerOf(res, byUrn);
    if (provider) view.provider = provider;
    views.set(res.urn, view);
  }
  for (const res of resources) {
    const view = views.get(res.urn)!;
    if (res.parent && views.has(res.parent)) view.parent = views.get(res.parent);
    view.dependencies = res.dependencies.flatMap((d) => (views.has(d) ? [views.get(d)!] : []));
    for (const [k, urns] of Object.entries(res.propertyDependencies)) view.propertyDependencies[k] = urns.flatMap((d) => (views.has(d) ? [views.get(d)!] : []));
  }
  for (const r of resolved) {
    if (!("validateStack" in r.policy)) continue;
    const token = (r.policy.validateStack as { __pulumiType?: string }).__pulumiType;
    if (token && !resources.some((x) => x.type === token)) continue;
    const args: StackValidationArgs = {
      resources: [...views.values()],
      getConfig: <T extends object>() => ({ ...r.config }) as T,
      stackTags,
      notApplicable: throwNotApplicable,
    };
    try {
      await Promise.resolve(r.policy.validateStack(args, reporter(r)));
    } catch (e) {
      handle(r, e);
    }
  }
  return { environment, violations, notApplicable };
}

/** Run the pack over recorded resources and return the violations. */
export async function runPolicies(resources: readonly RecordedResource[], opts: RunPoliciesOptions = {}): Promise<PolicyResult[]> {
  return (await runPolicyPack(resources, opts)).violations;
}
