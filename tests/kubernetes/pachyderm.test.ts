/**
 * The optional Pachyderm pipeline specs: only fields CreatePipelineRequest defines (pachyderm/pachyderm
 * src/pps/pps.proto), the same download and ingestion work as the Kubernetes Jobs.
 */
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { DOWNLOAD_SCRIPT } from "../../components/kubernetes/manifests/modelCache";
import { ingestConfig } from "../../components/kubernetes/manifests/ingestion";
import { planKubernetesPlatform } from "../../components/kubernetes/manifests/plan";
import { renderPachydermPipelines } from "../../components/kubernetes/manifests/pachyderm";
import { find, type Obj } from "./support/manifests";
import { exampleConfig } from "./support/stack";
import { scratchPath } from "../../components/kubernetes/manifests/common";

/** Fields of the pps.proto messages the specs use (proto field names, as `pachctl create pipeline` reads JSON). */
const PROTO: Record<string, Record<string, string | null>> = {
  CreatePipelineRequest: {
    pipeline: "Pipeline", tf_job: null, transform: "Transform", parallelism_spec: null, egress: null, update: null, output_branch: null, s3_out: null,
    resource_requests: "ResourceSpec", resource_limits: "ResourceSpec", sidecar_resource_limits: "ResourceSpec", input: "Input", description: null, reprocess: null,
    service: null, spout: null, datum_set_spec: null, datum_timeout: null, job_timeout: null, salt: null, datum_tries: null, scheduling_spec: "SchedulingSpec",
    pod_spec: null, pod_patch: null, spec_commit: null, metadata: null, reprocess_spec: null, autoscaling: null, tolerations: "Toleration",
    sidecar_resource_requests: "ResourceSpec", dry_run: null, determined: null,
  },
  Pipeline: { project: "Project", name: null },
  Project: { name: null },
  Transform: {
    image: null, cmd: null, err_cmd: null, env: null, secrets: "SecretMount", image_pull_secrets: null, stdin: null, err_stdin: null, accept_return_code: null,
    debug: null, user: null, working_dir: null, dockerfile: null, memory_volume: null, datum_batching: null,
  },
  SecretMount: { name: null, key: null, mount_path: null, env_var: null },
  Input: { pfs: "PFSInput", join: "Input", group: "Input", cross: "Input", union: "Input", cron: "CronInput" },
  PFSInput: { project: null, name: null, repo: null, repo_type: null, branch: null, commit: null, glob: null, join_on: null, outer_join: null, group_by: null, lazy: null, empty_files: null, s3: null, trigger: null },
  CronInput: { name: null, project: null, repo: null, commit: null, spec: null, overwrite: null, start: null },
  ResourceSpec: { cpu: null, memory: null, gpu: "GPUSpec", disk: null },
  GPUSpec: { type: null, number: null },
  SchedulingSpec: { node_selector: null, priority_class_name: null },
  Toleration: { key: null, operator: null, value: null, effect: null, toleration_seconds: null },
};

function unknownFields(value: unknown, message: string, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, message, `${path}/${i}`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => {
    if (!(k in PROTO[message])) return [`${path}/${k}`];
    const child = PROTO[message][k];
    return child ? unknownFields(v, child, `${path}/${k}`) : [];
  });
}

describe("Pachyderm pipeline specs (optional emitter)", () => {
  const cfg = exampleConfig();
  const specs = renderPachydermPipelines(cfg) as Obj[];
  const objs = renderKubernetesManifests(cfg) as Obj[];

  test("one download pipeline per model and an ingestion pipeline, with only CreatePipelineRequest fields", () => {
    expect(specs.map((s) => s.pipeline.name)).toEqual(["download-mistral", "download-minilm", "ingest"]);
    for (const s of specs) expect(unknownFields(s, "CreatePipelineRequest")).toEqual([]);
    expect(unknownFields({ transform: { imagePullPolicyy: "x" } }, "CreatePipelineRequest")).toEqual(["/transform/imagePullPolicyy"]);
  });

  test("download: the Job's script and env, CPU only, the same cache PVC mounted through pod_patch", () => {
    const spec = specs[0];
    const job = find(objs, "Job", /^download-mistral-/).spec.template.spec;
    expect(spec.transform.cmd).toEqual(["python3", "-c", DOWNLOAD_SCRIPT]);
    for (const e of job.containers[0].env.filter((x: Obj) => x.name.startsWith("MODEL_"))) expect(spec.transform.env[e.name]).toBe(e.value);
    expect(spec.transform.secrets).toEqual([{ name: "llmstack-hf-token", key: "token", env_var: "HF_TOKEN" }]);
    expect(JSON.stringify(spec)).not.toMatch(/gpu/i);
    const patch = JSON.parse(spec.pod_patch);
    const claim = job.volumes.find((v: Obj) => v.persistentVolumeClaim).persistentVolumeClaim.claimName;
    expect(patch).toEqual([
      { op: "add", path: "/volumes/-", value: { name: "model-cache", persistentVolumeClaim: { claimName: claim } } },
      { op: "add", path: "/containers/0/volumeMounts/-", value: { name: "model-cache", mountPath: "/models" } },
    ]);
  });

  test("ingestion: triggered by the documents repo, waits for Chroma and the embedder, writes its summary to /pfs/out", () => {
    const spec = specs[2];
    expect(spec.input).toEqual({ pfs: { name: "documents", repo: "documents", glob: "/" } });
    const stdin: string[] = spec.transform.stdin;
    const config = JSON.parse(stdin[stdin.indexOf(`cat > ${scratchPath("ingest.json")} <<'LLMSTACK_EOF'`) + 1]);
    expect(config).toEqual(JSON.parse(JSON.stringify({ ...ingestConfig(planKubernetesPlatform(cfg)), dataDir: "/pfs/documents" })));
    expect(stdin.filter((l) => l.includes(" wait --url "))).toEqual([
      "node /app/dist/main.js wait --url http://chroma.llm-rag.svc.cluster.local:8000/api/v2/heartbeat --timeout 1800",
      "node /app/dist/main.js wait --url http://minilm.llm-rag.svc.cluster.local:8000/health --timeout 1800",
    ]);
    expect(stdin.at(-1)).toBe(`node /app/dist/main.js ingest --config ${scratchPath("ingest.json")} --summary /pfs/out/ingest-summary.json`);
    expect(spec.transform.secrets).toEqual([{ name: "llmstack-api-key", key: "api-key", env_var: "EMBEDDING_API_KEY" }]);
  });
});
