/**
 * Cost policies: idle environments cost nothing (auto-suspend), GPU spend has a ceiling, models sit
 * on the right kind of pool, the stack fits its budget, and production data is protected. Every
 * credit figure comes from catalog/instanceFamilies.ts.
 */
import type { PolicyResource } from "@pulumi/policy";
import { instanceFamily, poolCreditsPerHour } from "../catalog/instanceFamilies";
import type { PackContext } from "./context";
import { modelFacts } from "./facts";
import { hasPublicEndpoint } from "../provider/limits";
import { ConfigLocator, define, displayName, known, normalizeName, qualifiedName, resourcesOfType, settings, TYPES, upper, type LlmstackPolicy } from "./util";

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A compute pool as the stack declares it. */
interface PoolView {
  readonly r: PolicyResource;
  readonly name: string;
  readonly family: string;
  readonly maxNodes: number;
  readonly gpu: boolean;
  readonly known: boolean;
}

function pools(resources: readonly PolicyResource[]): PoolView[] {
  return resourcesOfType(resources, TYPES.ComputePool).map((r) => {
    const family = upper(known(() => r.props.instanceFamily));
    const maxNodes = Number(known(() => r.props.maxNodes) ?? known(() => r.props.minNodes) ?? 1);
    const f = instanceFamily(family);
    return { r, name: normalizeName(known(() => r.props.name)) || r.name, family, maxNodes, gpu: f?.gpu !== undefined, known: f !== undefined };
  });
}

// ---------------------------------------------------------------------------------------------
// Auto-suspend

function poolAutoSuspend(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      maxAutoSuspendSecs: { type: "integer" as const, minimum: 1, default: 3600, description: "Longest AUTO_SUSPEND_SECS a compute pool may have (Snowflake's default is 3600; 0 = never is always refused)." },
    },
  };
  return define("cost", {
    name: "spcs-compute-pool-auto-suspend",
    description: "Every compute pool sets AUTO_SUSPEND_SECS (not 0 = never) within a configured bound, and keeps AUTO_RESUME on.",
    severity: "high",
    configSchema,
    validateResource: (args, report) => {
      if (args.type !== TYPES.ComputePool) return;
      const { maxAutoSuspendSecs: max } = settings<{ maxAutoSuspendSecs: number }>(configSchema, args.getConfig());
      const p = args.props;
      const name = displayName(p, args.name);
      const field = where.pool(name);
      const secs = known(() => p.autoSuspendSecs);
      const family = String(known(() => p.instanceFamily) ?? "?");
      if (typeof secs !== "number") {
        report(`compute pool ${name} (${family}) does not set AUTO_SUSPEND_SECS, so Snowflake's 3600 s applies implicitly. Fix: set ${field}.autoSuspendSecs (1..${max}).`);
      } else if (secs === 0) {
        report(`compute pool ${name} (${family}) has AUTO_SUSPEND_SECS = 0: it never suspends and bills every hour even when idle. Fix: set ${field}.autoSuspendSecs to 1..${max} (e.g. 600).`);
      } else if (secs > max) {
        report(`compute pool ${name} (${family}) waits ${secs} s before suspending, more than the ${max} s allowed. Fix: lower ${field}.autoSuspendSecs to at most ${max}.`);
      }
      if (known(() => p.autoResume) === false) {
        report(`compute pool ${name} has AUTO_RESUME = FALSE: once suspended, services cannot start until someone resumes it by hand. Fix: set ${field}.autoResume: true.`);
      }
    },
  });
}

interface ServiceSuspendConfig {
  maxAutoSuspendSecs: number;
  alwaysOnServices: string[];
}

function serviceAutoSuspend(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      maxAutoSuspendSecs: { type: "integer" as const, minimum: 300, default: 3600, description: "Longest AUTO_SUSPEND_SECS a service may have." },
      alwaysOnServices: { type: "array" as const, items: { type: "string" as const }, default: [], description: "Services meant to run without suspending (names)." },
    },
  };
  return define("cost", {
    name: "spcs-service-auto-suspend",
    description: "Services that may idle set AUTO_SUSPEND_SECS (Snowflake's default 0 = never) within a bound, with AUTO_RESUME on, so an idle environment costs nothing. Services with a public endpoint are exempt: Snowflake does not support auto-suspend there.",
    severity: "medium",
    configSchema,
    validateResource: (args, report) => {
      if (args.type !== TYPES.Service) return;
      const cfg = settings<ServiceSuspendConfig>(configSchema, args.getConfig());
      const p = args.props;
      const fqn = qualifiedName(p);
      const short = fqn.split(".").pop()!;
      if (cfg.alwaysOnServices.map(upper).some((s) => s === short || s === fqn)) return;
      // Auto-suspend is not supported with a public endpoint (provider/limits.ts): such a service runs
      // on purpose; its idle cost is shown by the plan.
      const spec = known(() => p.specification);
      if (spec && hasPublicEndpoint(spec as never)) return;
      const field = `${where.service(fqn)}.autoSuspendSecs`;
      const secs = known(() => p.autoSuspendSecs);
      if (typeof secs !== "number" || secs === 0) {
        // In a `pulumi preview` the spec is unknown until the images it names by digest are pushed, so the
        // public-endpoint exemption cannot be decided yet; `pulumi up` analyzes the known spec before creating.
        if (spec === undefined) return;
        report(
          `service ${fqn} never suspends (AUTO_SUSPEND_SECS ${typeof secs === "number" ? "= 0" : "not set, Snowflake's default 0"}), so its instances keep the pool's nodes busy. ` +
            `Fix: set ${field} (300..${cfg.maxAutoSuspendSecs}), or list the service in this policy's alwaysOnServices on purpose.`,
        );
      } else if (secs > cfg.maxAutoSuspendSecs) {
        report(`service ${fqn} waits ${secs} s before suspending, more than the ${cfg.maxAutoSuspendSecs} s allowed. Fix: lower ${field}.`);
      }
      if (known(() => p.autoResume) === false) {
        report(`service ${fqn} has AUTO_RESUME = FALSE: after suspending, calls fail until it is resumed by hand. Fix: remove what turned it off (the stack config has no such setting: the components create every service with AUTO_RESUME = TRUE).`);
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// GPU caps and budget

interface GpuCapsConfig {
  maxNodesPerGpuPool: number;
  maxGpuCreditsPerHour: number;
}

function gpuPoolCaps(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      maxNodesPerGpuPool: { type: "integer" as const, minimum: 1, default: 4, description: "Largest MAX_NODES of a GPU compute pool." },
      maxGpuCreditsPerHour: { type: "number" as const, exclusiveMinimum: 0, default: 12, description: "Ceiling on all GPU pools together at MAX_NODES, credits per hour (rates from the catalog)." },
    },
  };
  return define("cost", {
    name: "spcs-gpu-pool-caps",
    description: "GPU compute pools stay within a MAX_NODES cap, and all GPU pools together within a credits-per-hour cap at full scale (catalog rates).",
    severity: "high",
    configSchema,
    validateStack: (args, report) => {
      const cfg = settings<GpuCapsConfig>(configSchema, args.getConfig());
      const gpu = pools(args.resources).filter((p) => p.gpu);
      for (const p of gpu) {
        if (p.maxNodes > cfg.maxNodesPerGpuPool) {
          report(
            `GPU compute pool ${p.name} (${p.family}) may grow to ${p.maxNodes} nodes, above the cap of ${cfg.maxNodesPerGpuPool} (${round2(poolCreditsPerHour(p.family, p.maxNodes))} credits/h at full scale). ` +
              `Fix: lower ${where.pool(p.name)}.maxNodes to at most ${cfg.maxNodesPerGpuPool}, or raise this policy's maxNodesPerGpuPool on purpose.`,
            p.r.urn,
          );
        }
      }
      const total = gpu.reduce((sum, p) => sum + poolCreditsPerHour(p.family, p.maxNodes), 0);
      if (total > cfg.maxGpuCreditsPerHour) {
        const parts = gpu.map((p) => `${p.name} ${p.family}×${p.maxNodes} = ${round2(poolCreditsPerHour(p.family, p.maxNodes))}`);
        report(
          `GPU compute pools together cost ${round2(total)} credits/h at MAX_NODES (${parts.join(", ")}), above the cap of ${cfg.maxGpuCreditsPerHour}. ` +
            `Fix: lower maxNodes or pick smaller families in llmstack:snowflake.computePools, or raise this policy's maxGpuCreditsPerHour on purpose.`,
        );
      }
    },
  });
}

function creditBudget(ctx: PackContext): LlmstackPolicy {
  const configSchema = {
    properties: {
      budgetCreditsPerDay: { type: "number" as const, exclusiveMinimum: 0, description: "Budget, credits per day at full activity. Default: llmstack:cost.budgetCreditsPerDay; no check when unset." },
    },
  };
  return define("cost", {
    name: "stack-credit-budget",
    description: "Estimated credits per day at full activity (every compute pool at MAX_NODES for 24 h, catalog rates) stay within the configured budget.",
    severity: "medium",
    configSchema,
    validateStack: (args, report) => {
      const budget = settings<{ budgetCreditsPerDay?: number }>(configSchema, args.getConfig()).budgetCreditsPerDay ?? ctx.stack?.cost.budgetCreditsPerDay;
      if (budget === undefined) args.notApplicable("no budget: set llmstack:cost.budgetCreditsPerDay or this policy's budgetCreditsPerDay");
      const all = pools(args.resources).filter((p) => p.known);
      const perDay = all.reduce((sum, p) => sum + poolCreditsPerHour(p.family, p.maxNodes) * 24, 0);
      if (perDay <= budget!) return;
      const price = ctx.stack?.cost;
      report(
        `the stack may burn ${round2(perDay)} credits/day at full activity (compute pools at MAX_NODES for 24 h: ` +
          `${all.map((p) => `${p.name} ${round2(poolCreditsPerHour(p.family, p.maxNodes) * 24)}`).join(", ")}${price ? `; ≈ ${round2(perDay * price.creditPrice)} ${price.currency}` : ""}), ` +
          `above the budget of ${budget}. Warehouses are not counted. Fix: lower maxNodes or families in llmstack:snowflake.computePools, or raise llmstack:cost.budgetCreditsPerDay.`,
      );
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Right pool for the model

interface ServiceOnPool {
  readonly r: PolicyResource;
  readonly fqn: string;
  readonly pool: PoolView;
  readonly model: NonNullable<ReturnType<typeof modelFacts>>;
}

/** Model services with their pool (pools outside the stack are skipped: their family is unknown). */
function modelServices(resources: readonly PolicyResource[]): ServiceOnPool[] {
  const byName = new Map(pools(resources).map((p) => [p.name, p]));
  return resourcesOfType(resources, TYPES.Service).flatMap((r) => {
    const pool = byName.get(normalizeName(known(() => r.props.computePool)));
    const model = known(() => modelFacts(r.props.specification));
    return pool && pool.known && model ? [{ r, fqn: qualifiedName(r.props), pool, model }] : [];
  });
}

function chatModelOnGpu(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      maxCpuChatModelParamsB: { type: "number" as const, exclusiveMinimum: 0, default: 3, description: "Largest chat model (billions of parameters) allowed on a CPU pool." },
    },
  };
  return define("cost", {
    name: "spcs-chat-model-on-gpu",
    description: "A chat model above a configured size runs on a GPU instance family, not a CPU pool (too slow to be worth its credits).",
    severity: "medium",
    configSchema,
    validateStack: (args, report) => {
      const { maxCpuChatModelParamsB: max } = settings<{ maxCpuChatModelParamsB: number }>(configSchema, args.getConfig());
      for (const s of modelServices(args.resources)) {
        if (s.model.task !== "chat" || s.pool.gpu || s.model.parametersB === undefined || s.model.parametersB <= max) continue;
        report(
          `service ${s.fqn} serves chat model ${s.model.id} (${s.model.parametersB}B parameters) on CPU pool ${s.pool.name} (${s.pool.family}); above ${max}B a chat model needs a GPU family. ` +
            `Fix: point ${where.service(s.fqn)}.pool at a GPU pool (e.g. GPU_NV_S).`,
          s.r.urn,
        );
      }
    },
  });
}

function embeddingModelOnCpu(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  const configSchema = {
    properties: {
      allowedServices: { type: "array" as const, items: { type: "string" as const }, default: [], description: "Embedding services allowed on GPU pools on purpose (names)." },
    },
  };
  return define("waste", {
    name: "spcs-embedding-model-on-cpu",
    description: "An embedding model on a GPU pool is probably waste: small encoders serve well from CPU families at a fraction of the credits.",
    severity: "low",
    configSchema,
    validateStack: (args, report) => {
      const allowed = settings<{ allowedServices: string[] }>(configSchema, args.getConfig()).allowedServices.map(upper);
      for (const s of modelServices(args.resources)) {
        if (s.model.task !== "embedding" || !s.pool.gpu) continue;
        if (allowed.includes(s.fqn) || allowed.includes(s.fqn.split(".").pop()!)) continue;
        report(
          `service ${s.fqn} serves embedding model ${s.model.id} on GPU pool ${s.pool.name} (${s.pool.family}, ${poolCreditsPerHour(s.pool.family, 1)} credits/h per node). ` +
            `Fix: point ${where.service(s.fqn)}.pool at a CPU pool, or list the service in this policy's allowedServices.`,
          s.r.urn,
        );
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Production protection

function protectStateful(ctx: PackContext): LlmstackPolicy {
  const where = new ConfigLocator(ctx);
  return define("protection", {
    name: "prod-protect-stateful",
    description:
      "In production, GPU compute pools and databases are `protect`ed, so a config slip or `pulumi destroy` cannot drop them. (CrossGuard does not show retainOnDelete to policies, so protect is what is checked.)",
    severity: "high",
    validateStack: (args, report) => {
      for (const p of pools(args.resources).filter((x) => x.gpu && !x.r.opts.protect)) {
        report(
          `GPU compute pool ${p.name} (${p.family}) is not protected. Fix: set ${where.pool(p.name)}.retainOnDelete: true (the component then sets protect and retainOnDelete; it does so by default when llmstack:environment is prod).`,
          p.r.urn,
        );
      }
      for (const db of resourcesOfType(args.resources, TYPES.Database).filter((r) => !r.opts.protect)) {
        report(`database ${displayName(db.props, db.name)} is not protected. Fix: set llmstack:environment: prod (the platform then protects and retains the database), or protect it in the program.`, db.urn);
      }
    },
  });
}

/** The cost policies, in table order. */
export function costPolicies(ctx: PackContext): LlmstackPolicy[] {
  return [poolAutoSuspend(ctx), serviceAutoSuspend(ctx), gpuPoolCaps(ctx), chatModelOnGpu(ctx), embeddingModelOnCpu(ctx), creditBudget(ctx), protectStateful(ctx)];
}
