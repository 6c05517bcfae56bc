/**
 * Cross-field rules of the stack config: what no single field can know. Each problem is reported
 * with its path, the offending value and a hint; all of them at once.
 */
import type { z } from "zod";
import { egressAllows } from "../catalog/egressMatch";
import { HF_HUB_EGRESS, HF_HUB_HOSTS, hubHostsNotAllowed } from "../catalog/huggingFaceHub";
import { instanceFamily } from "../catalog/instanceFamilies";
import { quantizationUnsupported } from "../catalog/quantization";
import { catalogModelIds } from "../catalog/models";
import { round1, usableGpuMemoryGiB } from "../catalog/sizing";
import { parseHostPort } from "./primitives";
import { GATEWAY_BATCH_RECEIVER } from "../components/snowflake/modelFunction";
import { batchTimeoutSecsProblem, maxBatchRowsProblem, serviceAutoSuspendProblem, type BatchReceiver } from "../provider/limits";
import { GATEWAY_LIMITS } from "../services/gateway/src/limits";
import { maxContextThatFits, resolveModel, servingMemory } from "./resolve";
import type { StackConfig } from "./schema";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Run a rule on possibly malformed data; a throw means a field-level issue already covers it. */
function guard(rule: () => void): void {
  try {
    rule();
  } catch {
    /* reported by the schema */
  }
}

function report(ctx: Ctx, path: Path, message: string, hint?: string): void {
  ctx.addIssue({ code: "custom", path, message, params: hint ? { hint } : undefined });
}



export function checkStackConfig(cfg: StackConfig, ctx: Ctx): void {
  const sf = cfg.snowflake;
  const seen = new Map<string, number>();
  const functionNames = new Map<string, string>();
  const serviceNames = new Map<string, string>();
  const gpuDemand = new Map<string, { gpus: number; by: string[] }>();

  const claimFunction = (name: string, path: Path) => {
    if (typeof name !== "string") return;
    const prev = functionNames.get(name);
    if (prev) report(ctx, path, `function ${name} is defined twice (also at ${prev})`, "give each service function its own name");
    else functionNames.set(name, path.join("."));
  };
  const claimService = (name: string, path: Path) => {
    const prev = serviceNames.get(name);
    if (prev) report(ctx, path, `service ${name} is defined twice (also by ${prev})`, "rename the model or the service");
    else serviceNames.set(name, path.join("."));
  };
  const checkEgressRefs = (names: readonly string[] | undefined, path: Path) => {
    for (const [j, name] of (names ?? []).entries()) {
      if (typeof name !== "string") continue; // an invalid entry (a hole here) is reported by the schema
      if (!sf?.egress[name]) {
        report(ctx, [...path, j], `egress list ${name} is not defined`, `define it under snowflake.egress (defined: ${Object.keys(sf?.egress ?? {}).join(", ") || "none"})`);
      }
    }
  };
  const checkPool = (pool: string, path: Path): ReturnType<typeof instanceFamily> => {
    if (typeof pool !== "string") return undefined; // the field's own issue says what it should be
    const p = sf?.computePools[pool];
    if (!p) {
      report(ctx, path, `compute pool ${pool} is not defined`, `define it under snowflake.computePools or use one of: ${Object.keys(sf?.computePools ?? {}).join(", ") || "none defined"}`);
      return undefined;
    }
    return instanceFamily(p.instanceFamily);
  };
  const checkInstances = (s: { minInstances: number; maxInstances?: number; autoSuspendSecs?: number }, publicEndpoint: boolean, path: Path) => {
    if (s.maxInstances !== undefined && s.maxInstances < s.minInstances) {
      report(ctx, [...path, "maxInstances"], `maxInstances ${s.maxInstances} is below minInstances ${s.minInstances}`, "raise maxInstances or lower minInstances");
    }
    // The provider refuses the same (provider/limits.ts): refused here first, before anything is planned.
    const problem = serviceAutoSuspendProblem(s.autoSuspendSecs, { spec: { containers: [], endpoints: publicEndpoint ? [{ name: "public", public: true }] : [] } });
    if (problem) {
      report(ctx, [...path, "autoSuspendSecs"], problem, publicEndpoint ? "remove autoSuspendSecs (the default is 0 with a public endpoint) or make the endpoint private" : "use 0 or 300 or more");
    }
  };

  // CREATE FUNCTION ranges the provider refuses too (provider/limits.ts).
  // A model's function goes to the gateway, whose row queue bounds MAX_BATCH_ROWS.
  const checkBatch = (fn: { batchTimeoutSecs?: number; maxBatchRows?: number }, path: Path, receiver?: BatchReceiver) => {
    const problem = batchTimeoutSecsProblem(fn.batchTimeoutSecs);
    if (problem) report(ctx, [...path, "batchTimeoutSecs"], problem, "use 1 to 604800 seconds");
    const rows = maxBatchRowsProblem(fn.maxBatchRows, receiver);
    if (rows) report(ctx, [...path, "maxBatchRows"], rows, receiver ? `use at most ${receiver.rows}; ${GATEWAY_LIMITS.maxConcurrency} (the default) already fills every upstream slot` : "use a positive number of rows");
  };

  // A stack that deploys nothing is a mistake (a stack file that is not a mapping, keys without the
  // llmstack: namespace…), and `pulumi up` on it would delete everything the stack had.
  if (!sf && !cfg.kubernetes && (cfg.models ?? []).length === 0) {
    report(ctx, [], "configures nothing to deploy: none of llmstack:snowflake, llmstack:kubernetes or llmstack:models is set", "start from Pulumi.dev.yaml or examples/; keys need the llmstack: namespace");
  }

  if (sf && cfg.images?.push && (cfg.models ?? []).some((m) => m.snowflake) && !cfg.images.registryUser) {
    report(ctx, ["images", "registryUser"], "is required to push images into the SPCS image repository", "set the user whose programmatic access token is llmstack:registryToken, or images.push: false and push the images yourself");
  }

  // Compute pools
  for (const [name, pool] of Object.entries(sf?.computePools ?? {})) {
    const path = ["snowflake", "computePools", name];
    if (pool.maxNodes !== undefined && pool.maxNodes < pool.minNodes) {
      report(ctx, [...path, "maxNodes"], `maxNodes ${pool.maxNodes} is below minNodes ${pool.minNodes}`, "raise maxNodes or lower minNodes");
    }
    const fam = instanceFamily(pool.instanceFamily);
    if (fam && sf && typeof sf.cloud === "string" && !fam.clouds.includes(sf.cloud)) {
      report(ctx, [...path, "instanceFamily"], `${fam.name} is not offered on ${sf.cloud} (only ${fam.clouds.join(", ")})`, "pick a family of your account's cloud or set snowflake.cloud");
    }
    if (fam?.nodeLimit !== undefined && (pool.maxNodes ?? pool.minNodes) > fam.nodeLimit) {
      report(ctx, [...path, "maxNodes"], `${fam.name} allows at most ${fam.nodeLimit} nodes per account, got ${pool.maxNodes}`, "lower maxNodes or ask Snowflake for a higher limit");
    }
  }

  // Models
  for (const [i, model] of (Array.isArray(cfg.models) ? cfg.models : []).entries()) {
    guard(() => checkModel(i, model));
  }
  function checkModel(i: number, model: StackConfig["models"][number]): void {
    const path: Path = ["models", i];
    if (model === null || typeof model !== "object" || Array.isArray(model)) return; // reported by the schema
    if (!model.snowflake && !model.kubernetes) {
      report(ctx, path, `model ${typeof model.name === "string" ? model.name : `models[${i}]`} is placed nowhere: it has neither snowflake nor kubernetes`, "add snowflake: {pool: …} to serve it on SPCS, or kubernetes: {…} to serve it on the cluster");
    }
    const key = model.name.toUpperCase();
    if (seen.has(key)) report(ctx, [...path, "name"], `model name ${model.name} is used twice (also models[${seen.get(key)}])`, "model names must be unique, ignoring case");
    seen.set(key, i);

    const resolved = resolveModel(model);
    if (!resolved) {
      report(
        ctx,
        [...path, "architecture"],
        `${model.source.huggingFaceId} is not in the model catalog, so its size is unknown`,
        `point architecture.fromConfigJson at the model's config.json (a local path) and set task, give architecture {parametersB, layers, kvHeads, headDim, maxContextLength}, or use a catalog model: ${catalogModelIds().join(", ")}`,
      );
      return;
    }
    if (resolved.catalog?.remoteCode && model.trustRemoteCode !== true) {
      report(
        ctx,
        [...path, "trustRemoteCode"],
        `${model.source.huggingFaceId} ships its own model code (config.json auto_map), which vLLM runs only with --trust-remote-code`,
        "set trustRemoteCode: true (and pin source.revision to a commit), or choose an embedding model without custom code: BAAI/bge-m3, intfloat/multilingual-e5-large, Snowflake/snowflake-arctic-embed-l-v2.0",
      );
    }
    if (model.maxContextLength !== undefined && model.maxContextLength > resolved.arch.maxContextLength) {
      report(ctx, [...path, "maxContextLength"], `${model.maxContextLength} exceeds the model's trained context of ${resolved.arch.maxContextLength} tokens`, `use at most ${resolved.arch.maxContextLength}`);
    }

    const p = model.snowflake;
    if (!p) return;
    const sp: Path = [...path, "snowflake"];
    if (!sf) {
      report(ctx, sp, "the model is placed on Snowflake but llmstack:snowflake is not configured", "add the snowflake section or remove models[].snowflake");
      return;
    }
    claimService(`${resolved.sfName}_SERVICE`, sp);
    checkInstances(p, p.endpoint.public, sp);
    if (p.function !== false) checkBatch(p.function, [...sp, "function"], GATEWAY_BATCH_RECEIVER);
    checkEgressRefs(p.egress, [...sp, "egress"]);
    if (p.function !== false) {
      claimFunction(p.function.name ?? `${resolved.sfName}_${resolved.task === "chat" ? "COMPLETE" : "EMBED"}`, [...sp, "function", "name"]);
    }

    // The weights come from the hub or its mirror: the service's egress must reach every host the download uses.
    const lists = p.egress ?? Object.keys(sf.egress);
    const entries = lists.flatMap((l) => sf.egress[l] ?? []);
    if (model.source.mirrorEndpoint) {
      const host = new URL(model.source.mirrorEndpoint).hostname;
      if (!entries.some((e) => egressAllows(e, host))) {
        report(ctx, [...sp, "egress"], `the service downloads ${model.source.huggingFaceId} from ${host} but none of its egress lists (${lists.join(", ") || "none"}) allows ${host}:443`, `add "${host}:443" (and the mirror's storage hosts) to a snowflake.egress list the model uses`);
      }
    } else {
      const missing = hubHostsNotAllowed(entries);
      if (missing.length > 0) {
        report(
          ctx,
          [...sp, "egress"],
          `the service downloads ${model.source.huggingFaceId} from the Hugging Face Hub, whose downloads also go to its Xet and CDN hosts, but its egress lists (${lists.join(", ") || "none"}) do not allow ${missing.map((h) => `${h}:443`).join(", ")}`,
          `use the hub's list in a snowflake.egress list the model uses: [${HF_HUB_EGRESS.join(", ")}] (or name every host: ${HF_HUB_HOSTS.map((h) => h.host).join(", ")})`,
        );
      }
    }

    const fam = checkPool(p.pool, [...sp, "pool"]);
    if (!fam) return;
    const gpus = p.gpus ?? (fam.gpu ? 1 : 0);
    if (gpus > 0 && !fam.gpu) {
      report(ctx, [...sp, "gpus"], `pool ${p.pool} is ${fam.name}, which has no GPU, but ${gpus} GPU(s) were asked for`, "use a GPU_* family or set gpus: 0");
      return;
    }
    if (fam.gpu && gpus > fam.gpu.count) {
      report(ctx, [...sp, "gpus"], `${fam.name} nodes have ${fam.gpu.count} GPU(s), ${gpus} asked for`, `use at most ${fam.gpu.count} or a larger family`);
      return;
    }
    const cc = fam.gpu?.computeCapability;
    const quantization = model.quantization ?? resolved.catalog?.nativeQuantization;
    if (quantization && cc !== undefined) {
      const why = quantizationUnsupported(quantization, cc, resolved.arch.activeParametersB !== undefined);
      if (why) {
        report(ctx, model.quantization ? ["models", i, "quantization"] : [...sp, "pool"], `${resolved.servedId} on ${fam.name} (${fam.gpu!.model}): ${why}`, model.quantization ? "use another quantization (awq) or a GPU family with a newer GPU" : "use a GPU family with a newer GPU");
        return;
      }
    }
    const usable = fam.gpu ? usableGpuMemoryGiB(fam.gpu.memoryGiB, gpus) : fam.memoryGiB * 0.9;
    const mem = servingMemory(resolved, cc);
    if (mem.totalGiB > usable) {
      const fitCtx = maxContextThatFits(resolved, usable, cc);
      const where = fam.gpu ? `${gpus}×${fam.gpu.model} ${fam.gpu.memoryGiB} GiB on ${fam.name}` : `${fam.memoryGiB} GiB of memory on ${fam.name}`;
      report(
        ctx,
        [...sp, "pool"],
        `${model.source.huggingFaceId} needs about ${round1(mem.totalGiB)} GiB (weights ${round1(mem.weightsGiB)} + KV cache ${round1(mem.kvCacheGiB)} for ${resolved.maxContextLength} tokens + ${mem.overheadGiB} overhead) but ${where} leaves ${round1(usable)} GiB usable`,
        fitCtx > 0
          ? `set maxContextLength to at most ${fitCtx}, use more GPUs or a larger family, or quantization: awq`
          : "use a larger instance family, more GPUs (gpus), or a quantized variant (quantization: awq)",
      );
    }
    if (fam.gpu) {
      const d = gpuDemand.get(p.pool) ?? { gpus: 0, by: [] };
      d.gpus += (p.maxInstances ?? p.minInstances) * gpus;
      d.by.push(model.name);
      gpuDemand.set(p.pool, d);
    }
  }

  // A GPU pool must hold every model placed on it at its maximum instance count.
  for (const [pool, d] of gpuDemand) {
    const cfgPool = sf!.computePools[pool];
    const fam = instanceFamily(cfgPool.instanceFamily)!;
    const capacity = (cfgPool.maxNodes ?? cfgPool.minNodes) * fam.gpu!.count;
    if (d.gpus > capacity) {
      report(
        ctx,
        ["snowflake", "computePools", pool, "maxNodes"],
        `models ${d.by.join(", ")} need ${d.gpus} GPU(s) at their maximum instances but the pool has ${capacity} (${cfgPool.maxNodes ?? cfgPool.minNodes} × ${fam.gpu!.count})`,
        `raise maxNodes to ${Math.ceil(d.gpus / fam.gpu!.count)} or lower the models' maxInstances`,
      );
    }
  }

  // Generic services and jobs
  for (const [name, svc] of Object.entries(sf?.services ?? {})) {
    const path: Path = ["snowflake", "services", name];
    claimService(name, path);
    checkPool(svc.pool, [...path, "pool"]);
    checkInstances(svc, svc.endpoints.some((e) => e.public), path);
    checkEgressRefs(svc.egress, [...path, "egress"]);
    const endpoints = new Set(svc.endpoints.map((e) => e.name));
    for (const [j, fn] of svc.functions.entries()) {
      claimFunction(fn.name, [...path, "functions", j, "name"]);
      checkBatch(fn, [...path, "functions", j]);
      if (typeof fn.endpoint === "string" && !endpoints.has(fn.endpoint)) {
        report(ctx, [...path, "functions", j, "endpoint"], `endpoint ${fn.endpoint} is not declared by the service`, `use one of: ${[...endpoints].join(", ") || "none declared"}`);
      }
    }
  }
  for (const [name, job] of Object.entries(sf?.jobs ?? {})) {
    const path: Path = ["snowflake", "jobs", name];
    claimService(name, path);
    checkPool(job.pool, [...path, "pool"]);
    checkEgressRefs(job.egress, [...path, "egress"]);
  }
}
