/** Specs for configured generic services and jobs: containers as declared, images resolved into the account repository. */
import type { ContainerConfig, GenericServiceConfig, JobConfig } from "../../config/schema";
import type { ServiceSpecification, SpecContainer } from "../../provider/resources";
import { fqn } from "./naming";

export interface SpecContext {
  database: string;
  schema: string;
  /** `/db/schema/repo` of the platform image repository. */
  repositoryPath: string;
}

/** `image:tag` → `/db/schema/repo/image:tag`; a path starting with `/` is kept. */
export function resolveImage(image: string, ctx: SpecContext): string {
  return image.startsWith("/") ? image.toLowerCase() : `${ctx.repositoryPath}/${image}`.toLowerCase();
}

export function containerSpec(c: ContainerConfig, ctx: SpecContext): SpecContainer {
  const gpus = c.resources?.gpus ?? 0;
  const requests = { ...c.resources?.requests, ...(gpus > 0 ? { "nvidia.com/gpu": gpus } : {}) };
  const limits = { ...c.resources?.limits, ...(gpus > 0 ? { "nvidia.com/gpu": gpus } : {}) };
  const resources = Object.keys(requests).length || Object.keys(limits).length ? { requests, limits } : undefined;
  return {
    name: c.name,
    image: resolveImage(c.image, ctx),
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(Object.keys(c.env).length ? { env: c.env } : {}),
    ...(c.readinessProbe ? { readinessProbe: c.readinessProbe } : {}),
    ...(c.livenessProbe ? { livenessProbe: c.livenessProbe } : {}),
    ...(resources ? { resources } : {}),
    ...(c.secrets.length
      ? {
          secrets: c.secrets.map((s) => ({
            snowflakeSecret: { objectName: fqn(ctx.database, ctx.schema, s.secret) },
            envVarName: s.envVarName,
            secretKeyRef: s.key,
          })),
        }
      : {}),
  };
}

export function genericServiceSpec(svc: GenericServiceConfig, ctx: SpecContext): ServiceSpecification {
  return {
    spec: {
      containers: svc.containers.map((c) => containerSpec(c, ctx)),
      ...(svc.endpoints.length ? { endpoints: svc.endpoints.map((e) => ({ name: e.name, port: e.port, public: e.public, protocol: e.protocol })) } : {}),
    },
  };
}

export function jobSpec(job: JobConfig, ctx: SpecContext): ServiceSpecification {
  return { spec: { containers: job.containers.map((c) => containerSpec(c, ctx)) } };
}
