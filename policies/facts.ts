/**
 * Readers that turn resource inputs into the facts policies judge: containers of an SPCS spec or a
 * Kubernetes pod template, which model a service serves, whether an image is pinned, whether a
 * literal value is a credential. Tolerant: anything unreadable yields nothing.
 */
import { catalogModel, catalogModels, type ModelTask } from "../catalog/models";
import { secretPatternIn } from "../config/secrets";
import { isSensitiveEnvName } from "../provider/spec";
import { isSecretValue } from "../tools/mockRun";
import { isObject, list, TYPES } from "./util";

// ---------------------------------------------------------------------------------------------
// SPCS specifications

export interface SpecContainerView {
  readonly name: string;
  readonly image?: string;
  readonly env: Record<string, unknown>;
  readonly args: unknown[];
  readonly command: unknown[];
}

/** Containers of an SPCS service specification (`spec.containers`). */
export function specContainers(spec: unknown): SpecContainerView[] {
  const containers = isObject(spec) && isObject(spec.spec) ? list(spec.spec.containers) : [];
  return containers.filter(isObject).map((c, i) => ({
    name: typeof c.name === "string" ? c.name : `#${i}`,
    image: typeof c.image === "string" ? c.image : undefined,
    env: isObject(c.env) ? c.env : {},
    args: list(c.args),
    command: list(c.command),
  }));
}

/** Endpoints of an SPCS specification with `public: true`. */
export function publicEndpoints(spec: unknown): string[] {
  const endpoints = isObject(spec) && isObject(spec.spec) ? list(spec.spec.endpoints) : [];
  return endpoints.filter(isObject).filter((e) => e.public === true).map((e) => String(e.name));
}

// ---------------------------------------------------------------------------------------------
// Which model a service serves

export interface ModelFacts {
  /** Hugging Face id served. */
  readonly id: string;
  readonly task: ModelTask;
  /** Parameters in billions, when known. */
  readonly parametersB?: number;
}

/**
 * Env hints a component may set on the model container to state the facts outright (for models
 * that are not in the catalog): `LLMSTACK_MODEL_ID`, `LLMSTACK_MODEL_TASK` (chat|embedding),
 * `LLMSTACK_MODEL_PARAMETERS_B`.
 */
export const MODEL_HINTS = { id: "LLMSTACK_MODEL_ID", task: "LLMSTACK_MODEL_TASK", parametersB: "LLMSTACK_MODEL_PARAMETERS_B" } as const;

/** The value of `--flag value` or `--flag=value` on a command line. */
export function argValue(args: unknown[], flagName: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === flagName && typeof args[i + 1] === "string") return args[i + 1] as string;
    if (typeof a === "string" && a.startsWith(`${flagName}=`)) return a.slice(flagName.length + 1);
  }
  return undefined;
}

/** The catalog entry of an id, or of the model whose quantized variant it is. */
function catalogEntryFor(id: string) {
  const direct = catalogModel(id);
  if (direct) return direct;
  const lower = id.toLowerCase();
  return [...catalogModels().values()].find((m) => m.quantizedVariants?.some((v) => v.id.toLowerCase() === lower));
}

/** The model of `vllm serve <id> …` (command and args read as one line), or of `--model <id>` (older images' `api_server`). */
export function servedModelArg(c: SpecContainerView): string | undefined {
  const line = [...c.command, ...c.args];
  const serve = line.findIndex((a, i) => a === "serve" && i > 0 && typeof line[i - 1] === "string" && /(^|\/)vllm$/.test(line[i - 1] as string));
  const positional = serve >= 0 ? line[serve + 1] : undefined;
  if (typeof positional === "string" && !positional.startsWith("-")) return positional;
  return argValue(c.args, "--model");
}

/** Whether the command line serves an embedding model: `--runner pooling --convert embed`, or `--task embed` before vLLM 0.10.1. */
function servesEmbeddings(args: unknown[]): boolean {
  return ["embed", "embedding"].includes(argValue(args, "--task") ?? "") || argValue(args, "--convert") === "embed";
}

/**
 * The model a service's spec serves: from the hints above, else from the vLLM command line
 * (`vllm serve <id>` or `--model <id>`; `--convert embed` or `--task embed`) and the catalog.
 * Undefined for non-model services.
 */
export function modelFacts(spec: unknown): ModelFacts | undefined {
  for (const c of specContainers(spec)) {
    const hintId = typeof c.env[MODEL_HINTS.id] === "string" ? (c.env[MODEL_HINTS.id] as string) : undefined;
    const id = hintId ?? servedModelArg(c);
    if (!id) continue;
    const entry = catalogEntryFor(id);
    const hintTask = c.env[MODEL_HINTS.task];
    const task: ModelTask =
      hintTask === "chat" || hintTask === "embedding" ? hintTask : servesEmbeddings(c.args) ? "embedding" : (entry?.task ?? "chat");
    const hintParams = Number(c.env[MODEL_HINTS.parametersB]);
    const parametersB = Number.isFinite(hintParams) && hintParams > 0 ? hintParams : entry?.parametersB;
    return { id, task, parametersB };
  }
  return undefined;
}

/** A Hugging Face revision that cannot move: a full commit sha (branches and tags can). */
export const COMMIT_SHA = /^[0-9a-f]{40}$/;

// ---------------------------------------------------------------------------------------------
// Images

/** Why an image reference is not pinned, or undefined when it has a version tag or a digest. */
export function unpinnedReason(image: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/i.test(image)) return undefined;
  const last = image.split("/").pop() ?? image;
  const colon = last.lastIndexOf(":");
  if (colon < 0) return "has no tag (means latest)";
  const tag = last.slice(colon + 1);
  if (tag === "" || tag.toLowerCase() === "latest") return "uses the moving tag latest";
  return undefined;
}

export function hasDigest(image: string): boolean {
  return /@sha256:[0-9a-f]{64}$/i.test(image);
}

// ---------------------------------------------------------------------------------------------
// Credentials in literal values

/** What kind of credential a literal value looks like (both shared pattern lists), if any. */
export function credentialIn(value: string): string | undefined {
  return secretPatternIn(value);
}

/**
 * Why a named literal is a plaintext credential, or undefined. A Pulumi secret recorded by the mock
 * runner counts: once inlined into a spec or a manifest it is stored in plain text by Snowflake or
 * the API server, whatever Pulumi's state does with it.
 */
export function plaintextCredential(name: string, value: unknown): string | undefined {
  if (isSecretValue(value)) return "a Pulumi secret inlined as a literal value";
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value);
  const kind = credentialIn(text);
  if (kind) return `what looks like a ${kind}`;
  // References and flags are configuration, not credentials (`$(API_KEY)`, `true`).
  if (text.trim() === "" || /^(true|false)$/i.test(text) || /^\$[({]/.test(text)) return undefined;
  return isSensitiveEnvName(name) ? "a literal value under a credential-like name" : undefined;
}

/**
 * Command-line flags that carry a credential inline (`--api-key sk…`, `--hf-token=…`): index and
 * reason. Flag names are judged like env names (`--api-key` ~ `API_KEY`).
 */
export function credentialFlags(args: unknown[]): { index: number; reason: string }[] {
  const found: { index: number; reason: string }[] = [];
  args.forEach((a, i) => {
    if (isSecretValue(a)) {
      found.push({ index: i, reason: "a Pulumi secret inlined as an argument" });
      return;
    }
    if (typeof a !== "string") return;
    const kind = credentialIn(a);
    if (kind) {
      found.push({ index: i, reason: `what looks like a ${kind}` });
      return;
    }
    const m = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/.exec(a);
    if (!m) return;
    const envName = m[1].replace(/-/g, "_").toUpperCase();
    const value = m[2] ?? (typeof args[i + 1] === "string" && !(args[i + 1] as string).startsWith("-") ? (args[i + 1] as string) : undefined);
    if (value !== undefined && isSensitiveEnvName(envName) && !/^\$[({]/.test(value) && !value.startsWith("/")) {
      found.push({ index: i, reason: `flag ${a.split("=")[0]} with a literal value` });
    }
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes workloads

/** Kubernetes kinds whose inputs hold a pod template (or are a pod). */
export const WORKLOAD_TYPES: readonly string[] = [TYPES.Deployment, TYPES.StatefulSet, TYPES.DaemonSet, TYPES.ReplicaSet, TYPES.Job, TYPES.CronJob, TYPES.Pod];
/** Workloads that keep running (probes make sense). */
export const LONG_RUNNING_TYPES: readonly string[] = [TYPES.Deployment, TYPES.StatefulSet, TYPES.DaemonSet, TYPES.ReplicaSet, TYPES.Pod];

/** The pod spec of a workload's inputs, with its path for messages. */
export function podSpecOf(type: string, props: Record<string, unknown>): { spec: Record<string, unknown>; path: string } | undefined {
  const spec = props.spec;
  if (!isObject(spec)) return undefined;
  if (type === TYPES.Pod) return { spec, path: "spec" };
  if (type === TYPES.CronJob) {
    const jt = spec.jobTemplate;
    const inner = isObject(jt) && isObject(jt.spec) && isObject(jt.spec.template) ? jt.spec.template.spec : undefined;
    return isObject(inner) ? { spec: inner, path: "spec.jobTemplate.spec.template.spec" } : undefined;
  }
  const tpl = spec.template;
  return isObject(tpl) && isObject(tpl.spec) ? { spec: tpl.spec, path: "spec.template.spec" } : undefined;
}

export interface PodContainerView {
  readonly c: Record<string, unknown>;
  readonly name: string;
  /** e.g. `spec.template.spec.containers[0]` */
  readonly path: string;
  readonly init: boolean;
}

export function podContainers(pod: { spec: Record<string, unknown>; path: string }): PodContainerView[] {
  const out: PodContainerView[] = [];
  for (const field of ["containers", "initContainers"] as const) {
    list(pod.spec[field]).forEach((c, i) => {
      if (isObject(c)) out.push({ c, name: typeof c.name === "string" ? c.name : `#${i}`, path: `${pod.path}.${field}[${i}]`, init: field === "initContainers" });
    });
  }
  return out;
}
