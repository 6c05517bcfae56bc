// Validates Kubernetes manifests offline, as an API server would check their shape.
//
// Reads a JSON array of objects on stdin and prints, for each, the errors of
//   1. kubernetes-models' `new <Kind>(obj).validate()` (validators compiled from the official
//      Kubernetes OpenAPI, v1.36 for kubernetes-models 5.x), and
//   2. a strict unknown-field check of our own. kubernetes-models, like the OpenAPI schema itself,
//      does not forbid extra properties, so `imagePullPolicyy` passes (1). The compiled validator
//      reads every property its schema defines; we hand it a Proxy, record which keys it read, and
//      report every key of the manifest it never looked at. Maps (labels, resources.limits) are
//      enumerated by their validators, so their keys count as read.
//
// Runs as native ESM in its own process: kubernetes-models is ESM-only and exports only the
// `import` condition, which jest's CommonJS resolver does not use.
import { readFileSync } from "node:fs";

async function modelFor(apiVersion, kind) {
  const spec = `kubernetes-models/${apiVersion}/${kind}`;
  const mod = await import(spec);
  const file = new URL(import.meta.resolve(spec));
  const m = /_schemas\/(\w+)\.js/.exec(readFileSync(file, "utf8"));
  if (!m) throw new Error(`no schema import in ${file}`);
  const schema = await import(`kubernetes-models/_schemas/${m[1]}`);
  return { Model: mod[kind], validate: schema.validate };
}

function tracked(value, path, seen) {
  if (value === null || typeof value !== "object") return value;
  const note = (key) => {
    if (typeof key === "string" && Object.prototype.hasOwnProperty.call(value, key)) seen.add(`${path}/${key}`);
  };
  return new Proxy(value, {
    get(target, key, receiver) {
      note(key);
      const v = Reflect.get(target, key, receiver);
      return typeof key === "string" && Object.prototype.hasOwnProperty.call(target, key) ? tracked(v, `${path}/${key}`, seen) : v;
    },
    has(target, key) {
      note(key);
      return Reflect.has(target, key);
    },
  });
}

function unknownKeys(value, path, seen, out) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownKeys(v, `${path}/${i}`, seen, out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = `${path}/${k}`;
      if (!seen.has(p)) out.push(p);
      else unknownKeys(v, p, seen, out);
    }
  }
  return out;
}

const input = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const obj of input) {
  const r = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata?.name, schemaErrors: [], unknownFields: [] };
  try {
    const { Model, validate } = await modelFor(obj.apiVersion, obj.kind);
    try {
      new Model(structuredClone(obj)).validate();
    } catch (e) {
      r.schemaErrors.push(String(e?.message ?? e));
    }
    const seen = new Set();
    validate(tracked(structuredClone(obj), "", seen));
    r.unknownFields = unknownKeys(obj, "", seen, []);
  } catch (e) {
    r.schemaErrors.push(`cannot validate ${obj.apiVersion}/${obj.kind}: ${e?.message ?? e}`);
  }
  results.push(r);
}
process.stdout.write(JSON.stringify(results));
