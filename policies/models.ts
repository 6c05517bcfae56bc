/**
 * What a model service runs from the Hugging Face Hub: which revision of the repository, and whether
 * vLLM may run the repository's own Python code (`--trust-remote-code`). A branch or tag can move, so
 * an unpinned revision serves different weights — or, with remote code, runs different code — after
 * any restart. (The Kubernetes download's revision: k8s-model-revision-pinned in kubernetes.ts.)
 *
 * Read from the resources alone: an SPCS spec's vLLM command line (`vllm serve <repo> --revision <rev>`;
 * without `--revision` vLLM takes the default branch, main), a Kubernetes server's annotations
 * (`llmstack.io/served-model`, `llmstack.io/revision`, components/kubernetes/manifests/modelServer.ts)
 * or a container's `MODEL_REVISION`. The stack config only names the field to fix.
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { SERVER_ANNOTATIONS } from "../components/kubernetes/manifests/modelServer";
import { resolveModel } from "../config/resolve";
import type { PackContext } from "./context";
import { argValue, COMMIT_SHA, podContainers, podSpecOf, servedModelArg, specContainers, WORKLOAD_TYPES } from "./facts";
import { define, isObject, kindAndName, known, list, TYPES, type LlmstackPolicy } from "./util";

const TRUST_REMOTE_CODE = "--trust-remote-code";

/** One container serving a model: the repository, its revision and whether remote code runs. */
interface Served {
  readonly container: string;
  readonly repo: string;
  readonly revision?: string;
  /** What it means when no revision is stated. */
  readonly unstated: string;
  readonly remoteCode: boolean;
}

function spcsServed(args: ResourceValidationArgs): Served[] {
  if (args.type !== TYPES.Service && args.type !== TYPES.JobService) return [];
  return specContainers(known(() => args.props.specification)).flatMap((c) => {
    const repo = servedModelArg(c);
    if (!repo) return [];
    const remoteCode = [...c.command, ...c.args].includes(TRUST_REMOTE_CODE);
    return [{ container: c.name, repo, revision: argValue(c.args, "--revision"), unstated: "no --revision (vLLM's default branch, main)", remoteCode }];
  });
}

function kubernetesServed(args: ResourceValidationArgs): Served[] {
  if (!WORKLOAD_TYPES.includes(args.type)) return [];
  const pod = podSpecOf(args.type, args.props);
  if (!pod) return [];
  const meta = known(() => args.props.metadata);
  const annotations = isObject(meta) && isObject(meta.annotations) ? meta.annotations : {};
  const containers = podContainers(pod);
  const envRevision = containers
    .flatMap((c) => list(c.c.env).filter(isObject))
    .find((e) => e.name === "MODEL_REVISION" && typeof e.value === "string")?.value as string | undefined;
  const annotated = annotations[SERVER_ANNOTATIONS.revision];
  const revision = typeof annotated === "string" ? annotated : envRevision;
  const repo = annotations[SERVER_ANNOTATIONS.servedModel];
  return containers
    .filter((c) => [...list(c.c.command), ...list(c.c.args)].includes(TRUST_REMOTE_CODE))
    .map((c) => ({ container: c.name, repo: typeof repo === "string" ? repo : "its model", revision, unstated: `no revision it states (no ${SERVER_ANNOTATIONS.revision} annotation, no MODEL_REVISION)`, remoteCode: true }));
}

/** The config field that pins the model served from `repo` on `platform`. */
function revisionField(ctx: PackContext, platform: "snowflake" | "kubernetes", repo: string): string {
  const i = (ctx.stack?.models ?? []).findIndex((m) => m[platform] !== undefined && resolveModel(m)?.servedId.toLowerCase() === repo.toLowerCase());
  return i >= 0 ? `llmstack:models[${i}].source.revision` : "the model's source.revision";
}

const shown = (s: Served) => (s.revision === undefined ? s.unstated : `revision ${JSON.stringify(s.revision)}`);

function spcsModelRevisionPinned(ctx: PackContext): LlmstackPolicy {
  return define("release", {
    name: "spcs-model-revision-pinned",
    description: "SPCS model services name a commit sha (40 hex digits) as the revision vLLM downloads, not a branch or tag, so every restart serves the same weights. Off in dev stacks by default.",
    severity: "medium",
    validateResource: (args, report) => {
      const loose = spcsServed(args).filter((s) => !COMMIT_SHA.test(s.revision ?? ""));
      if (loose.length === 0) return;
      report(
        `${kindAndName(args)}: ` +
          loose.map((s) => `container ${s.container} serves ${s.repo} at ${shown(s)}, which can move; set ${revisionField(ctx, "snowflake", s.repo)} to the commit sha (huggingface.co/${s.repo}/commits)`).join("; ") +
          ". Fix: pin every model to a commit outside dev: a restart, a resume or a new instance downloads again.",
      );
    },
  });
}

function modelRemoteCodePinned(ctx: PackContext): LlmstackPolicy {
  return define("security", {
    name: "model-remote-code-pinned",
    description: "A model server that runs its repository's own code (vLLM --trust-remote-code) pins that repository to a commit sha: code from a branch or tag can change under it. SPCS services and Kubernetes workloads.",
    severity: "high",
    validateResource: (args, report) => {
      const platform = args.type.startsWith("kubernetes:") ? "kubernetes" : "snowflake";
      const loose = (platform === "kubernetes" ? kubernetesServed(args) : spcsServed(args)).filter((s) => s.remoteCode && !COMMIT_SHA.test(s.revision ?? ""));
      if (loose.length === 0) return;
      report(
        `${kindAndName(args)}: ` +
          loose.map((s) => `container ${s.container} runs code from ${s.repo} (${TRUST_REMOTE_CODE}) at ${shown(s)}`).join("; ") +
          `. Whoever can push to that branch runs code in the service, with its credentials and data. Fix: set ${revisionField(ctx, platform, loose[0].repo)} to a reviewed commit sha, or choose a model that needs no remote code (trustRemoteCode: false).`,
      );
    },
  });
}

/** The model-source policies, in table order. */
export function modelPolicies(ctx: PackContext): LlmstackPolicy[] {
  return [modelRemoteCodePinned(ctx), spcsModelRevisionPinned(ctx)];
}
