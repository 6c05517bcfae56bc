/** Resource ids, URNs and the inputs/outputs split of the SPCS kinds. Pure. */
import { spcsKindOf, type SpcsKind } from "./resources";
import { functionArgTypes, splitQualifiedRef } from "./sql";
import type { Props } from "./rows";

/** `urn:pulumi:stack::project::Parent$llmstack:spcs:Service::name` → `Service`. */
export function kindFromUrn(urn: string): SpcsKind {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const kind = spcsKindOf(type);
  if (!kind) throw new Error(`llmstack provider: unknown resource type ${JSON.stringify(type)}`);
  return kind;
}

/** Object names from an id, for `pulumi import` (props empty) and as a cross-check. */
export function refFromId(kind: SpcsKind, id: string): Props {
  switch (kind) {
    case "ComputePool":
    case "ExternalAccessIntegration":
      return { name: id };
    case "ImageRepository":
    case "Service":
    case "JobService": {
      const [database, schema, name] = splitQualifiedRef(id, "id");
      return { database, schema, name };
    }
    case "ServiceFunction": {
      const m = /^([^(]+)\((.*)\)$/.exec(id);
      if (!m) throw new Error(`service function id must be DB.SCHEMA.NAME(TYPES), got ${id}`);
      const [database, schema, name] = splitQualifiedRef(m[1], "id");
      const types = m[2].trim() === "" ? [] : m[2].split(/,(?![^(]*\))/).map((t) => t.trim());
      return { database, schema, name, args: types.map((type, i) => ({ name: `arg${i}`, type })) };
    }
    case "ServiceRoleGrant": {
      const m = /^(.+)!([^ ]+) TO ROLE (.+)$/.exec(id);
      if (!m) throw new Error(`service role grant id must be DB.SCHEMA.SERVICE!ROLE TO ROLE GRANTEE, got ${id}`);
      return { service: m[1], serviceRole: m[2], toRole: m[3] };
    }
  }
}

export function idOf(kind: SpcsKind, p: Props): string {
  switch (kind) {
    case "ComputePool":
    case "ExternalAccessIntegration":
      return p.name;
    case "ImageRepository":
    case "Service":
    case "JobService":
      return `${p.database}.${p.schema}.${p.name}`;
    case "ServiceFunction":
      return `${p.database}.${p.schema}.${p.name}(${functionArgTypes(p as any)})`;
    case "ServiceRoleGrant":
      return `${p.service}!${p.serviceRole} TO ROLE ${p.toRole}`;
  }
}

/** Outputs that are not inputs, per kind (for `read`'s `inputs`). */
const OUTPUT_ONLY: Partial<Record<SpcsKind, string[]>> = {
  ComputePool: ["state", "suspendedServices"],
  ImageRepository: ["repositoryUrl"],
  Service: ["specText", "specDigest", "dnsName", "ingressUrls", "createdOn"],
  ServiceFunction: ["signature"],
  JobService: ["specText", "specDigest", "status"],
};
export function inputsOf(kind: SpcsKind, outs: Props): Props {
  const out = { ...outs };
  for (const k of OUTPUT_ONLY[kind] ?? []) delete out[k];
  return out;
}
