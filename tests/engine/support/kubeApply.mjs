// Server-side apply against a real kube-apiserver, run as its own Node process: @kubernetes/client-node 1.x is
// ESM-only, which Jest's CommonJS runtime cannot load (plain Node 20 can).
//
// stdin:  {"kubeconfig": PATH, "dryRun": bool, "objects": [manifest, ...]}
// stdout: [{"kind", "name", "namespace", "ok", "code", "reason", "message"}, ...] in input order
//
// The kubeconfig, its credentials and TLS settings come from @kubernetes/client-node (KubeConfig,
// applyToHTTPSOptions). The request body is sent as the manifest's own JSON, NOT through the library's
// KubernetesObjectApi: its ObjectSerializer maps a known kind onto the typed model and silently drops unknown
// fields (checked with 1.4.0: a Deployment's `imagePullPolicyy` vanishes), which would hide exactly the errors
// strict field validation exists to catch.
//
// Server-side apply: PATCH with Content-Type application/apply-patch+yaml (JSON is YAML), fieldManager required,
// force=true takes over fields of other managers (https://kubernetes.io/docs/reference/using-api/server-side-apply/).
// fieldValidation=Strict turns unknown and duplicate fields into errors instead of the default warnings, and
// dryRun=All runs every admission step (Pod Security included) without persisting
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation, #dry-run).
import { KubeConfig } from "@kubernetes/client-node";
import { request } from "node:https";

const input = JSON.parse(await new Promise((resolve) => {
  let s = "";
  process.stdin.on("data", (c) => (s += c)).on("end", () => resolve(s));
}));
const kc = new KubeConfig();
kc.loadFromFile(input.kubeconfig);
const server = new URL(kc.getCurrentCluster().server);

async function call(method, path, body, contentType) {
  const opts = { method, hostname: server.hostname, port: server.port, path, headers: { accept: "application/json" } };
  await kc.applyToHTTPSOptions(opts);
  if (body !== undefined) opts.headers["content-type"] = contentType;
  return new Promise((resolve, reject) => {
    const req = request(opts, (res) => {
      let s = "";
      res.on("data", (c) => (s += c)).on("end", () => resolve({ status: res.statusCode, body: s ? JSON.parse(s) : undefined }));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

// Discovery: apiVersion → resources (plural name, namespaced) as the server serves them.
const discovered = new Map();
async function resourceFor(apiVersion, kind) {
  if (!discovered.has(apiVersion)) {
    const r = await call("GET", apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
    discovered.set(apiVersion, r.status === 200 ? r.body.resources : []);
  }
  return discovered.get(apiVersion).find((x) => x.kind === kind && !x.name.includes("/"));
}

const out = [];
for (const obj of input.objects) {
  const { apiVersion, kind, metadata = {} } = obj;
  const res = await resourceFor(apiVersion, kind);
  const row = { kind, name: metadata.name, namespace: metadata.namespace };
  if (!res) {
    out.push({ ...row, ok: false, code: 404, reason: "NotFound", message: `the server serves no ${kind} in ${apiVersion}` });
    continue;
  }
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const ns = res.namespaced ? `/namespaces/${encodeURIComponent(metadata.namespace ?? "default")}` : "";
  const q = new URLSearchParams({ fieldManager: "llmstack-engine-test", fieldValidation: "Strict", force: "true" });
  if (input.dryRun) q.set("dryRun", "All");
  const r = await call("PATCH", `${base}${ns}/${res.name}/${encodeURIComponent(metadata.name)}?${q}`, obj, "application/apply-patch+yaml");
  const ok = r.status >= 200 && r.status < 300;
  out.push({ ...row, ok, code: r.status, reason: ok ? undefined : r.body?.reason, message: ok ? undefined : r.body?.message });
}
process.stdout.write(JSON.stringify(out));
