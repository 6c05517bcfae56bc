/** Security policies: plaintext secrets. */
import { findPlaintextSecrets } from "../../provider/spec";
import { isSecretValue } from "../../tools/mockRun";
import type { PackContext } from "../context";
import {
  credentialFlags,
  plaintextCredential,
  podContainers,
  podSpecOf,
  specContainers,
  WORKLOAD_TYPES,
} from "../facts";
import {
  define,
  kindAndName,
  isObject,
  known,
  list,
  TYPES,
  type LlmstackPolicy,
} from "../util";

const SECRET_FIX_SPCS = "keep it in a Snowflake secret (llmstack:hfToken etc. with `pulumi config set --secret`) and pass it with containers[].secrets";
const SECRET_FIX_K8S = "put it in a Kubernetes Secret created from a Pulumi secret and use env[].valueFrom.secretKeyRef";

function spcsSecretFindings(spec: unknown): string[] {
  if (isSecretValue(spec)) return ["the whole specification is a Pulumi secret: a secret was rendered into the spec text, which Snowflake stores in plain text"];
  const literals = findPlaintextSecrets(spec);
  const found = literals.map((i) => `${i.path}: ${i.message.split(";")[0]}`);
  const reported = new Set(literals.map((i) => i.path));
  specContainers(spec).forEach((c, ci) => {
    // The provider's scan reads literal values only: a Pulumi secret in env is this policy's own finding.
    for (const [name, value] of Object.entries(c.env)) if (isSecretValue(value)) found.push(`spec.containers[${ci}].env.${name}: a Pulumi secret inlined into the spec`);
    for (const [field, args] of [["command", c.command], ["args", c.args]] as const) {
      for (const f of credentialFlags(args)) {
        const path = `spec.containers[${ci}].${field}[${f.index}]`;
        if (!reported.has(path)) found.push(`${path}: ${f.reason}`);
      }
    }
  });
  return found;
}

function k8sSecretFindings(type: string, props: Record<string, unknown>): string[] {
  const found: string[] = [];
  if (type === TYPES.ConfigMap) {
    const data = props.data;
    if (isObject(data)) {
      for (const [k, v] of Object.entries(data)) {
        const why = plaintextCredential(k.replace(/[.-]/g, "_"), v);
        if (why) found.push(`data.${k}: ${why}`);
      }
    }
    return found;
  }
  const pod = podSpecOf(type, props);
  if (!pod) return found;
  for (const { c, path } of podContainers(pod)) {
    list(c.env).forEach((e, i) => {
      if (!isObject(e) || typeof e.name !== "string" || e.value === undefined) return;
      const why = plaintextCredential(e.name, e.value);
      if (why) found.push(`${path}.env[${i}] (${e.name}): ${why}`);
    });
    for (const field of ["command", "args"] as const) {
      for (const f of credentialFlags(list(c[field]))) found.push(`${path}.${field}[${f.index}]: ${f.reason}`);
    }
  }
  return found;
}

export function noPlaintextSecrets(ctx: PackContext): LlmstackPolicy {
  void ctx;
  return define("security", {
    name: "no-plaintext-secrets",
    description:
      "No credential in plain text: SPCS spec env/command/args, service function inputs, Kubernetes container env/args and ConfigMaps carry no token, password or key (hf_…, PATs, private keys, credential-named literals).",
    severity: "critical",
    validateResource: (args, report) => {
      const p = args.props;
      let findings: string[] = [];
      let fix = SECRET_FIX_SPCS;
      if (args.type === TYPES.Service || args.type === TYPES.JobService) {
        findings = spcsSecretFindings(known(() => p.specification));
      } else if (args.type === TYPES.ServiceFunction) {
        // A function has no env, but any literal (comment, path, headers) ends up in its DDL.
        findings = Object.entries(p).flatMap(([k, v]) => {
          const why = typeof v === "string" || isSecretValue(v) ? plaintextCredential("", v) : undefined;
          return why ? [`${k}: ${why}`] : [];
        });
      } else if (WORKLOAD_TYPES.includes(args.type) || args.type === TYPES.ConfigMap) {
        findings = k8sSecretFindings(args.type, p);
        fix = SECRET_FIX_K8S;
      } else {
        return;
      }
      if (findings.length > 0) report(`${kindAndName(args)} carries credentials in plain text: ${findings.join("; ")}. Fix: ${fix}.`);
    },
  });
}
