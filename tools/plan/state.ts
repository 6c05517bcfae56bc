/**
 * `--state FILE`: plan against what is deployed, read from a `pulumi stack export` checkpoint. No
 * credentials: the file is read as JSON and nothing in it is decrypted.
 *
 * The format is Pulumi's `apitype.UntypedDeployment` holding a `DeploymentV3`
 * (pulumi/pulumi sdk/go/common/apitype/core.go): `{version: 3|4, deployment: {manifest,
 * secrets_providers?, resources: ResourceV3[], pending_operations?, metadata?}}`; a resource is
 * `{urn, custom, delete?, id?, type, inputs?, outputs?, parent?, protect?, external?, dependencies?,
 * provider?, propertyDependencies?, pendingReplacement?, importID?, retainOnDelete?, …}`. Version 4 is
 * the same document, written when the stack uses a feature listed in `features`
 * (DeploymentSchemaVersionLatest, pkg/backend/snapshot.go).
 *
 * Values: a secret is `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
 * "ciphertext": …}` (`plaintext` instead after `--show-secrets`; pkg/resource/stack/deployment.go
 * SerializePropertyValue): both become `[secret]`, never read. Other signatures (asset, archive,
 * resource reference, output value; sdk/go/common/resource/sig) become plain, printable values.
 *
 * What the diff compares, as the engine does:
 * - SPCS objects (`llmstack:spcs:*`): the provider's `diff` receives the old OUTPUTS
 *   (proto/pulumi/provider.proto: DiffRequest.olds, "the old output values") and the new inputs
 *   after its `check`, which fills Snowflake's defaults (provider/checks.ts applyDefaults). So the
 *   old side is the recorded outputs of the input keys, the new side the program's inputs with
 *   those defaults.
 * - @pulumi/snowflake (Terraform-bridged, SDKv2) records which inputs it defaulted under
 *   `__defaults` (pulumi/pulumi-terraform#349): those keys, and the `__defaults` list itself, are the
 *   provider's, not the program's, and are not compared.
 * - Everything else: the recorded inputs against the program's inputs.
 */
import { applyDefaults } from "../../provider/checks";
import { spcsKindOf } from "../../provider/resources";
import { SECRET_MARK, type OutputsFor } from "../mockRun";
import { classifyChange } from "./classify";
import type { BaselineInput } from "./document";
import { cmp, isProvider, maskValue, type PlanResource } from "./resources";

/** sdk/go/common/resource/sig/sig.go; the same constants as @pulumi/pulumi/runtime/rpc. */
const SIG = {
  key: "4dabf18193072939515e22adb298388d",
  secret: "1b47061264138c4ac30d75fd1eb44270",
  asset: "c44067f5952c0a294b673a41bacd8c17",
  archive: "0def7320c3a5731c473e5ecbe6d01bc7",
  resourceReference: "5cf8f73096256a8f31e491e813e4eb8e",
  outputValue: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
} as const;

/** apitype.DeploymentSchemaVersionCurrent (3) and DeploymentSchemaVersionLatest (4). */
const VERSIONS = [3, 4];

/** The type of the stack resource (resource.RootStackType). */
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

interface ResourceV3 {
  urn?: unknown;
  custom?: unknown;
  delete?: unknown;
  id?: unknown;
  type?: unknown;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: unknown;
  protect?: unknown;
  external?: unknown;
  dependencies?: unknown;
  provider?: unknown;
  propertyDependencies?: Record<string, unknown>;
  pendingReplacement?: unknown;
  importID?: unknown;
  retainOnDelete?: unknown;
}

/** A value from the checkpoint as the plan shows it: secrets masked, signatures made readable. */
export function stateValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stateValue);
  if (!v || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  switch (o[SIG.key]) {
    case undefined:
      break;
    case SIG.secret:
      return SECRET_MARK;
    case SIG.outputValue:
      return o.secret === true ? SECRET_MARK : "value" in o ? stateValue(o.value) : "(unknown)";
    case SIG.resourceReference:
      return String(o.urn ?? "");
    case SIG.asset:
      return `(asset ${String(o.path ?? o.uri ?? "text")})`;
    case SIG.archive:
      return `(archive ${String(o.path ?? o.uri ?? "assets")})`;
    default:
      return "(value of a kind this tool does not read)";
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = stateValue(x);
  return out;
}

export interface Checkpoint {
  /** The stack the URNs name. */
  readonly stack?: string;
  readonly project?: string;
  /** Objects and components as deployed; inputs and outputs masked. */
  readonly resources: PlanResource[];
  /** Recorded outputs by URN (masked). */
  readonly outputs: ReadonlyMap<string, Record<string, unknown>>;
  /** Things the reviewer must know about the checkpoint itself. */
  readonly notes: string[];
  /** URNs of resources the program never made (imported, or outside llmstack's components), with why. */
  readonly foreign: ReadonlyMap<string, string>;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>` → its parts. */
function urnParts(urn: string): { stack: string; project: string; types: string[] } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::(.+)::[^:]*$/.exec(urn) ?? /^urn:pulumi:([^:]+)::([^:]+)::(.+)::.*$/.exec(urn);
  return m ? { stack: m[1], project: m[2], types: m[3].split("$") } : undefined;
}

export function parseCheckpoint(text: string, what: string): Checkpoint {
  let doc: { version?: unknown; deployment?: { resources?: unknown; pending_operations?: unknown; manifest?: { version?: unknown } }; features?: unknown };
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not JSON: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== "object" || !("deployment" in doc)) {
    throw new Error(`${what} is not a \`pulumi stack export\` checkpoint (no "deployment"): export it with \`pulumi stack export --stack NAME --file FILE\``);
  }
  if (!VERSIONS.includes(Number(doc.version))) {
    throw new Error(`${what} has checkpoint version ${JSON.stringify(doc.version)}; this tool reads versions ${VERSIONS.join(" and ")} (what \`pulumi stack export\` writes): export it again with a current Pulumi CLI`);
  }
  const raw = doc.deployment?.resources ?? [];
  if (!Array.isArray(raw)) throw new Error(`${what}: deployment.resources is not a list`);
  const notes: string[] = [];
  const pending = Array.isArray(doc.deployment?.pending_operations) ? (doc.deployment!.pending_operations as { type?: unknown; resource?: { urn?: unknown } }[]) : [];
  if (pending.length) {
    notes.push(
      `the checkpoint records ${pending.length} operation(s) in flight when it was written (${pending.map((p) => `${String(p.type)} ${String(p.resource?.urn ?? "").split("::").pop()}`).join(", ")}): an update was interrupted; run \`pulumi refresh\` before trusting this diff`,
    );
  }
  if (Array.isArray(doc.features) && doc.features.length) notes.push(`written with Pulumi features ${doc.features.join(", ")}; the fields this plan reads are the same`);

  const resources: PlanResource[] = [];
  const outputs = new Map<string, Record<string, unknown>>();
  const foreign = new Map<string, string>();
  let stack: string | undefined;
  let project: string | undefined;
  const llmstackChain = (types: string[]) => types.some((t) => t.startsWith("llmstack:"));
  for (const [i, r] of (raw as ResourceV3[]).entries()) {
    const urn = str(r.urn);
    const type = str(r.type);
    if (!urn || !type) throw new Error(`${what}: deployment.resources[${i}] has no urn/type`);
    const parts = urnParts(urn);
    if (parts) [stack, project] = [stack ?? parts.stack, project ?? parts.project];
    if (type === ROOT_STACK_TYPE) continue;
    const name = urn.split("::").pop()!;
    if (r.delete === true) {
      notes.push(`${type.split(":").pop()} ${name} is marked for deletion by an earlier update (a replacement whose old object was not yet deleted): \`pulumi up\` deletes it`);
      continue;
    }
    if (r.pendingReplacement === true) {
      notes.push(`${type.split(":").pop()} ${name} was deleted for a replacement that did not finish: it does not exist now, and \`pulumi up\` creates it`);
      continue;
    }
    // A resource read with `get` is not managed: it is dropped from the state, never deleted.
    if (r.external === true) continue;
    // Default providers are the engine's, made for resources without an explicit provider.
    if (isProvider({ type }) && /::default(_[0-9_]+)?$/.test(urn)) continue;
    const inputs = (stateValue(r.inputs ?? {}) ?? {}) as Record<string, unknown>;
    // The engine's own key in a provider's inputs, never given to the plugin nor set by a program
    // (pulumi/pulumi pkg/resource/deploy/providers/registry.go filterProviderConfig).
    if (isProvider({ type })) delete inputs.__internal;
    const propertyDependencies = Object.fromEntries(
      Object.entries(r.propertyDependencies ?? {})
        .map(([k, v]) => [k, Array.isArray(v) ? (v as string[]).filter((u) => typeof u === "string").sort() : []] as const)
        .filter(([, v]) => v.length > 0)
        .sort(([a], [b]) => cmp(a, b)),
    );
    resources.push({
      urn,
      type,
      name,
      custom: r.custom === true,
      ...(str(r.parent) ? { parent: str(r.parent) } : {}),
      inputs,
      dependencies: Array.isArray(r.dependencies) ? [...new Set(r.dependencies as string[])].sort() : [],
      propertyDependencies,
      protect: r.protect === true,
      retainOnDelete: r.retainOnDelete === true,
      deleteBeforeReplace: false,
      ...(str(r.provider) ? { provider: str(r.provider) } : {}),
    });
    outputs.set(urn, (stateValue(r.outputs ?? {}) ?? {}) as Record<string, unknown>);
    if (str(r.importID)) foreign.set(urn, `imported into the stack (\`pulumi import\`, id ${str(r.importID)}), not created by this program`);
    else if (parts && r.custom === true && !isProvider({ type }) && !llmstackChain(parts.types)) foreign.set(urn, "not made by this program (it is outside every llmstack component)");
  }
  resources.sort((a, b) => cmp(a.urn, b.urn));
  const version = str(doc.deployment?.manifest?.version);
  if (version) notes.unshift(`deployed with Pulumi ${version}`);
  return { ...(stack ? { stack } : {}), ...(project ? { project } : {}), resources, outputs, notes, foreign };
}

/** The checkpoint as a baseline for the plan's diff. */
export interface StateBaseline extends BaselineInput {
  readonly kind: "state";
  readonly checkpoint: Checkpoint;
}

export function readCheckpointText(text: string, opts: { stack: string; shown: string; project?: string }): StateBaseline {
  const checkpoint = parseCheckpoint(text, opts.shown);
  const notes = [...checkpoint.notes];
  const project = opts.project ?? "llmstack";
  if (checkpoint.project && checkpoint.project !== project) {
    notes.push(`the checkpoint is of project ${checkpoint.project}, not ${project}: URNs name the project, so nothing will match`);
  }
  return {
    kind: "state",
    source: `state:${opts.shown.split(/[\\/]/).pop()}`,
    ...(checkpoint.stack ? { stack: checkpoint.stack } : {}),
    resources: checkpoint.resources,
    checkpoint: { ...checkpoint, notes },
  };
}

/** `--state FILE`. */
export async function readCheckpointFile(path: string, opts: { stack: string; shown: string }): Promise<StateBaseline> {
  const { readFileSync } = await import("node:fs");
  return readCheckpointText(readFileSync(path, "utf8"), opts);
}

/**
 * The deployed side of one resource as the engine compares it (see the file comment): an SPCS
 * object's recorded outputs of its input keys; a bridged provider's inputs without `__defaults` and
 * the keys it names that the program (`desired`) does not set.
 */
function deployedSide(outputs: Checkpoint["outputs"], r: PlanResource, desired: Record<string, unknown> | undefined): Record<string, unknown> {
  const inputs = r.inputs;
  if (spcsKindOf(r.type)) {
    const out = outputs.get(r.urn) ?? {};
    return Object.fromEntries(Object.keys(inputs).map((k) => [k, k in out ? out[k] : inputs[k]]));
  }
  if (!Array.isArray(inputs.__defaults)) return inputs;
  const set = desired ?? {};
  const defaulted = new Set((inputs.__defaults as unknown[]).map(String));
  return Object.fromEntries(Object.entries(inputs).filter(([k]) => k !== "__defaults" && !(defaulted.has(k) && !(k in set))));
}

/** The desired side of one resource: an SPCS object's inputs after the provider's `check` defaults. */
function desiredSide(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const kind = spcsKindOf(type);
  return kind ? applyDefaults(kind, inputs) : inputs;
}

/** The two sides of the diff against a checkpoint, as the engine would compare them. */
export function alignWithState(state: StateBaseline, current: readonly PlanResource[]): { olds: PlanResource[]; news: PlanResource[] } {
  const byUrn = new Map(current.map((r) => [r.urn, r]));
  const olds = state.resources.map((r) => ({ ...r, inputs: deployedSide(state.checkpoint.outputs, r, byUrn.get(r.urn)?.inputs) }));
  const news = current.map((r) => ({ ...r, inputs: desiredSide(r.type, r.inputs) }));
  return { olds, news };
}

/**
 * The outputs the plan's mock providers hand dependents when planning against a checkpoint. The
 * engine decides each resource's step when the program registers it, in dependency order; a
 * resource left as it is (a `same` step) passes on its RECORDED outputs (pulumi/pulumi
 * pkg/resource/deploy/step.go, SameStep.Apply: `s.new.Outputs = s.old.Outputs`). So values only a
 * provider computes (a service's created_on, a repository's URL, a pushed digest) come from the
 * checkpoint, and the dependents that read them compare equal, as under `pulumi preview`. A
 * resource that changes keeps the offline stand-ins: the engine's preview of a create or update
 * hands back the inputs, its computed outputs unknown (pkg/resource/plugin/provider_plugin.go,
 * Create/Update with Preview when the provider does not support previews, as the Node provider
 * SDK does not). Keys the program sets keep its values (equal, or the step would not be `same`);
 * secrets stay stand-ins (the checkpoint holds only their ciphertext).
 */
export function deployedOutputs(state: StateBaseline, standIns: OutputsFor): OutputsFor {
  const deployed = new Map(state.resources.map((r) => [r.urn, r]));
  const replaced = new Set<string>();
  return (type, name, inputs, registration) => {
    const computed = standIns(type, name, inputs);
    const old = registration && deployed.get(registration.urn);
    // A component's outputs are its own fields, never the engine's answer.
    if (!registration || !old?.custom) return computed;
    const desired = maskValue(registration.inputs) as Record<string, unknown>;
    // As diffPlans does: an input fed by a replaced resource is unknown until it exists again.
    const unknownKeys = Object.entries(registration.propertyDependencies)
      .filter(([, us]) => us.some((u) => replaced.has(u)))
      .map(([k]) => k);
    const c = classifyChange(type, deployedSide(state.checkpoint.outputs, old, desired), desiredSide(type, desired), unknownKeys);
    if (c.action === "replace") replaced.add(registration.urn);
    if (c.action !== "none") return computed;
    const recorded = Object.entries(state.checkpoint.outputs.get(registration.urn) ?? {}).filter(([k, v]) => !(k in inputs) && !holdsSecret(v));
    return { ...computed, ...Object.fromEntries(recorded) };
  };
}

const holdsSecret = (v: unknown): boolean => v === SECRET_MARK || (!!v && typeof v === "object" && Object.values(v).some(holdsSecret));

/** Why `pulumi up` deletes a deployed object the plan no longer has. */
export function deleteReason(state: StateBaseline, urn: string): string {
  return state.checkpoint.foreign.get(urn) ?? "deployed, but the config no longer declares it";
}
