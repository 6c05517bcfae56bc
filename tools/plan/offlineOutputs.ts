/**
 * FAKE provider outputs for the offline plan: what the providers would compute, derived from the
 * inputs and config without an account. Values that only exist after deployment (ingress URLs) are
 * marked as such rather than invented.
 */
import { renderSpecification, specDigest } from "../../provider/spec";
import { SPCS_TYPES, type ServiceSpecification } from "../../provider/resources";
import { UNKNOWN_DIGEST } from "../../components/snowflake/naming";

export const AFTER_DEPLOY = "(known after deploy)";

export { UNKNOWN_DIGEST } from "../../components/snowflake/naming";

function withSpecText(spec: ServiceSpecification): { specText: string; specDigest: string } {
  const specText = renderSpecification(spec);
  return { specText, specDigest: specDigest(specText) };
}

export function offlineOutputs(config: Record<string, string>, opts: { specText?: boolean } = {}) {
  const org = (config["snowflake:organizationName"] ?? "org").toLowerCase();
  const acct = (config["snowflake:accountName"] ?? "account").toLowerCase();
  const registryHost = `${org}-${acct}.registry.snowflakecomputing.com`.replace(/_/g, "-");
  return (type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> => {
    switch (type) {
      case SPCS_TYPES.ImageRepository:
        return { repositoryUrl: `${registryHost}/${inputs.database}/${inputs.schema}/${inputs.name}`.toLowerCase() };
      case SPCS_TYPES.Service:
      case SPCS_TYPES.JobService: {
        const dns = `${String(inputs.name)}.${String(inputs.schema)}.${String(inputs.database)}.snowflakecomputing.internal`.toLowerCase().replace(/_/g, "-");
        const publicEndpoints = ((inputs.specification as ServiceSpecification)?.spec?.endpoints ?? []).filter((e) => e.public);
        return {
          // Rendering every spec costs ~13 ms a service and nothing in the plan reads specText (the
          // spec YAML is rendered once, by the same renderSpecification, for --out): opt in.
          ...(opts.specText ? withSpecText(inputs.specification as ServiceSpecification) : {}),
          dnsName: dns,
          ...(publicEndpoints.length ? { ingressUrls: Object.fromEntries(publicEndpoints.map((e) => [e.name, AFTER_DEPLOY])) } : {}),
        };
      }
      case SPCS_TYPES.ServiceFunction: {
        const args = (inputs.args as { type: string }[] | undefined) ?? [];
        return { signature: `${inputs.database}.${inputs.schema}.${inputs.name}(${args.map((a) => a.type).join(", ")})` };
      }
      // A pushed image's digest exists only after the push: the offline plan shows zeros in its place.
      case "docker-build:index:Image":
        return { digest: UNKNOWN_DIGEST, ref: String((inputs.tags as string[] | undefined)?.[0] ?? name) };
      case "docker:index/remoteImage:RemoteImage":
        return { imageId: UNKNOWN_DIGEST, repoDigest: `${String(inputs.name)}@${UNKNOWN_DIGEST}` };
      case "docker:index/tag:Tag":
        return { sourceImageId: UNKNOWN_DIGEST };
      case "docker:index/registryImage:RegistryImage":
        return { sha256Digest: UNKNOWN_DIGEST };
      default:
        return {};
    }
  };
}
