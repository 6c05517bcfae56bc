/** Security policies: who reaches service endpoints. */
import type { PolicyResource } from "@pulumi/policy";
import type { PackContext } from "../context";
import { publicEndpoints } from "../facts";
import {
  ConfigLocator,
  define,
  known,
  list,
  normalizeName,
  qualifiedName,
  resourcesOfType,
  settings,
  TYPES,
  upper,
  type LlmstackPolicy,
} from "../util";

interface EndpointAccessConfig {
  publicServices?: string[];
  allowPublicGrantsOfPrivateEndpoints?: boolean;
}

export function endpointAccess(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      publicServices: {
        type: "array" as const,
        items: { type: "string" as const },
        description:
          "Services (names) allowed to have public endpoints. Default: those the stack config marks public (models[].snowflake.endpoint.public, snowflake.services.*.endpoints[].public); no check when the pack cannot read the stack config.",
      },
      allowPublicGrantsOfPrivateEndpoints: {
        type: "boolean" as const,
        description: "Allow granting a service role of a service without public endpoints to PUBLIC. Default: llmstack:snowflake.allowPublicGrants.",
      },
    },
  };
  const declaredPublic = (): string[] | undefined => {
    const s = ctx.stack;
    if (!s) return undefined;
    return [
      // Upper-cased where they are compared.
      ...s.models.filter((m) => m.snowflake?.endpoint.public).map((m) => `${m.name}_SERVICE`),
      ...Object.entries(s.snowflake?.services ?? {}).filter(([, v]) => v.endpoints.some((e) => e.public)).map(([k]) => k),
    ];
  };
  return define("security", {
    name: "spcs-endpoint-access",
    description:
      "Service endpoints are private unless the stack config marks them public; a public endpoint is reachable only by named roles (its service role granted to them, never to PUBLIC).",
    severity: "critical",
    configSchema,
    validateStack: (args, report) => {
      const cfg = settings<EndpointAccessConfig>(configSchema, args.getConfig());
      const allowedPublic = (cfg.publicServices ?? declaredPublic())?.map(upper);
      const allowPrivateToPublic = cfg.allowPublicGrantsOfPrivateEndpoints ?? ctx.stack?.snowflake?.allowPublicGrants ?? false;
      const grants = resourcesOfType(args.resources, TYPES.ServiceRoleGrant)
        .map((g) => ({ g, service: normalizeName(known(() => g.props.service)), to: upper(known(() => g.props.toRole)) }))
        .filter((x) => x.service !== "");
      const services = new Map<string, { r: PolicyResource; publicEndpoints: string[] }>();
      for (const r of resourcesOfType(args.resources, TYPES.Service)) {
        const spec = known(() => r.props.specification);
        services.set(qualifiedName(r.props), { r, publicEndpoints: known(() => publicEndpoints(spec)) ?? [] });
      }
      for (const [fqn, { r, publicEndpoints: pub }] of services) {
        const shortName = fqn.split(".").pop()!;
        const publicField = where.endpointPublic(fqn);
        const rolesField = where.endpointRoles(fqn);
        const mine = grants.filter((x) => x.service === fqn);
        if (pub.length > 0) {
          if (allowedPublic && !allowedPublic.includes(shortName) && !allowedPublic.includes(fqn)) {
            report(
              `service ${fqn} has public endpoint(s) ${pub.join(", ")} that the stack config does not mark public. Fix: make them private, or set ${publicField}: true (or list the service in this policy's publicServices).`,
              r.urn,
            );
          }
          if (!mine.some((x) => x.to !== "PUBLIC")) {
            report(`service ${fqn} has public endpoint(s) ${pub.join(", ")} but grants its service role to no named role. Fix: set ${rolesField}.`, r.urn);
          }
        }
        for (const x of mine.filter((m) => m.to === "PUBLIC")) {
          if (pub.length > 0) {
            report(
              `service role ${x.g.props.serviceRole} of ${fqn} is granted to PUBLIC while endpoint(s) ${pub.join(", ")} are public: every user of the account can call them from the internet. Fix: remove PUBLIC from ${rolesField} and name the roles that need access.`,
              x.g.urn,
            );
          } else if (!allowPrivateToPublic) {
            report(
              `service role ${x.g.props.serviceRole} of ${fqn} is granted to PUBLIC. Fix: remove PUBLIC from ${rolesField} (or set llmstack:snowflake.allowPublicGrants: true on purpose).`,
              x.g.urn,
            );
          }
        }
      }
    },
  });
}
