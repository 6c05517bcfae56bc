/**
 * The `spec.volumes[]` part of the service-specification schema (reference, "spec.volumes field"; the
 * block-storage-volume and snowflake-stage-volume pages). Sources: see fields.ts (the current pages,
 * szeno/snowflake-docs@b5c216b5…, markdown/en/developer-guide/snowpark-container-services/).
 */
import { z } from "zod";
import { blockVolumeSizeProblem } from "../limits";
import { cpu, objectName, show, stageMemory, type SpecCloud } from "./fields";

const BLOCK_STORAGE = "https://docs.snowflake.com/en/developer-guide/snowpark-container-services/block-storage-volume";
const STAGE_VOLUME = "https://docs.snowflake.com/en/developer-guide/snowpark-container-services/snowflake-stage-volume";

/**
 * block-storage-volume, "Step 1": `blockConfig.iops` AWS 3000-80000, Azure 3000-80000, Google Cloud
 * 2000-160000 (CPU instances; on GPU instances iops is 16 × throughput); `blockConfig.throughput`
 * (MiB/s) AWS 125-2000, Azure 125-1200, Google Cloud 140-2400 (CPU) or 400-1,200,000 (GPU). The spec
 * does not say which instance family it runs on, so Google Cloud takes the union of CPU and GPU; an
 * unknown cloud takes the union of all three.
 */
export const BLOCK_LIMITS: Record<SpecCloud | "any", { iops: [number, number]; throughput: [number, number]; where: string }> = {
  aws: { iops: [3000, 80000], throughput: [125, 2000], where: "on AWS" },
  azure: { iops: [3000, 80000], throughput: [125, 1200], where: "on Azure" },
  gcp: { iops: [2000, 160000], throughput: [140, 1200000], where: "on Google Cloud (CPU instances: iops 2000-160000, throughput 140-2400; GPU instances: throughput 400-1200000)" },
  any: { iops: [2000, 160000], throughput: [125, 1200000], where: "on any cloud (AWS: iops 3000-80000, throughput 125-2000; Azure: 3000-80000, 125-1200)" },
};

/** Reference, "spec.volumes": memory volume sizes in bytes or with a binary/decimal unit ("About units"). */
const MEMORY_VOLUME_SIZE = /^[1-9][0-9]*(?:Ki|Mi|Gi|k|M|G)?$/;

/**
 * snowflake-stage-volume, "Step 1": `stageConfig.name` "Identifies the Snowflake internal stage or
 * folder on a stage to mount; for example `@my_stage`, `@my_stage/folder`, or
 * `@my_db.my_schema.my_stage/folder/nestedfolder`". We check only the leading `@` and a name after
 * it (the renderer quotes the value, as the page asks).
 */
const STAGE_LOCATION = /^@[^\s@]/;
/**
 * snowflake-stage-volume: `metadataCache` takes "the hours, minutes, and seconds units … For example
 * `90s`, `5m`, `1h`, `1h30m`, `1h30m45s`". Units in h, m, s order, each at most once: our reading of
 * the examples.
 */
const METADATA_CACHE = /^(?=\d)(?:\d+h)?(?:\d+m)?(?:\d+s)?$/;

/**
 * snowflake-stage-volume: `stageConfig.resources` are the stage mount sidecar's requests/limits,
 * "similar to the resource specifications for your application containers", cpu and memory only.
 * The page's own example and defaults use fractional memory (`0.4Gi`, `0.5Gi`) and a cpu request
 * of 0, so both are accepted here (the container rules are stricter: integer memory, cpu > 0).
 */
const stageAmounts = z.strictObject({
  memory: stageMemory.optional(),
  cpu: z.union([z.literal(0), z.literal("0"), cpu], { error: (iss) => `cpu must be a number of vCPUs (0, 0.5, 2) or millicores ("500m"), got ${show(iss.input)}` }).optional(),
});
const stageConfig = z.strictObject({
  name: z
    .string({ error: (iss) => `stageConfig.name must be a stage location such as "@my_stage/folder", got ${show(iss.input)}` })
    .regex(STAGE_LOCATION, {
      error: (iss) => `stageConfig.name must be an internal stage or folder on it, starting with @ (e.g. "@my_db.my_schema.my_stage/folder"), got ${show(iss.input)} (${STAGE_VOLUME})`,
    }),
  metadataCache: z
    .string({ error: (iss) => `stageConfig.metadataCache must be a period like "90s", "5m", "1h30m", got ${show(iss.input)}` })
    .regex(METADATA_CACHE, { error: (iss) => `stageConfig.metadataCache must be hours, minutes and seconds like "90s", "5m", "1h30m45s", got ${show(iss.input)}` })
    .optional(),
  resources: z.strictObject({ requests: stageAmounts.optional(), limits: stageAmounts.optional() }).optional(),
});

export const volumeSchema = (cloud: SpecCloud | undefined) =>
  z
    .strictObject({
      name: objectName,
      // Reference, "spec.volumes": "This can be `local`, `memory`, `block`, `stage`, or
      // `"@<stagename>"` (which is deprecated)".
      source: z.string().refine((s) => ["local", "memory", "block", "stage"].includes(s) || /^@\S+$/.test(s), {
        error: (iss) => `source must be local, memory, block or stage (or the deprecated "@<stage>"), got ${show(iss.input)}`,
      }),
      size: z.union([z.string(), z.number()]).optional(),
      uid: z.number().int().min(0).optional(),
      gid: z.number().int().min(0).optional(),
      // block-storage-volume, "Step 1" and "Snapshot on Delete"; reference general syntax.
      blockConfig: z
        .strictObject({
          initialContents: z.strictObject({ fromSnapshot: z.string().min(1) }).optional(),
          iops: z.number({ error: (iss) => `blockConfig.iops must be a whole number of operations per second, got ${show(iss.input)}` }).int().optional(),
          throughput: z.number({ error: (iss) => `blockConfig.throughput must be a whole number of MiB/s, got ${show(iss.input)}` }).int().optional(),
          encryption: z.enum(["SNOWFLAKE_SSE", "SNOWFLAKE_FULL"], { error: (iss) => `blockConfig.encryption must be SNOWFLAKE_SSE or SNOWFLAKE_FULL, got ${show(iss.input)}` }).optional(),
          // "defaults to true for services and false for jobs".
          snapshotOnDelete: z.boolean({ error: (iss) => `blockConfig.snapshotOnDelete must be true or false, got ${show(iss.input)}` }).optional(),
          // "(<hours>h)|(<days>d)  # defaults to 7 days".
          snapshotDeleteAfter: z
            .string({ error: (iss) => `blockConfig.snapshotDeleteAfter must be <hours>h or <days>d (e.g. "24h", "7d"), got ${show(iss.input)}` })
            .regex(/^[1-9][0-9]*[hd]$/, { error: (iss) => `blockConfig.snapshotDeleteAfter must be <hours>h or <days>d (e.g. "24h", "7d"), got ${show(iss.input)}` })
            .optional(),
        })
        .optional(),
      stageConfig: stageConfig.optional(),
    })
    .superRefine((v, ctx) => {
      const sized = v.source === "memory" || v.source === "block";
      if (sized && v.size === undefined) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `a ${v.source} volume needs size (e.g. ${v.source === "block" ? '"100Gi"' : '"2Gi"'})` });
      } else if (!sized && v.size !== undefined) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `size applies only to memory and block volumes, this one is ${show(v.source)}` });
      } else if (v.source === "block" && blockVolumeSizeProblem(v.size, cloud)) {
        // Whole Gi within the cloud's range: provider/limits.ts.
        ctx.addIssue({ code: "custom", path: ["size"], message: blockVolumeSizeProblem(v.size, cloud)! });
      } else if (v.source === "memory" && !MEMORY_VOLUME_SIZE.test(String(v.size))) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `a memory volume's size must be bytes or a whole number with Ki, Mi, Gi, k, M or G (e.g. "2Gi"), got ${show(v.size)}` });
      }
      if (v.blockConfig !== undefined && v.source !== "block") {
        ctx.addIssue({ code: "custom", path: ["blockConfig"], message: `blockConfig applies only to block volumes, this one is ${show(v.source)}` });
      }
      // Reference: "For the `stage` type volume, `name` is a required field. It identifies the stage"
      // (stageConfig.name); stageConfig is described for that type only.
      if (v.source === "stage" && v.stageConfig === undefined) {
        ctx.addIssue({ code: "custom", path: ["stageConfig"], message: `a stage volume needs stageConfig.name, the stage to mount (e.g. stageConfig: {name: "@my_db.my_schema.my_stage/folder"}) (${STAGE_VOLUME})` });
      }
      if (v.stageConfig !== undefined && v.source !== "stage") {
        const fix = v.source.startsWith("@") ? `; for the current implementation write source: stage and stageConfig.name: ${show(v.source)}` : "";
        ctx.addIssue({ code: "custom", path: ["stageConfig"], message: `stageConfig applies only to volumes with source: stage, this one is ${show(v.source)}${fix}` });
      }
      const isStage = v.source.startsWith("@") || v.source === "stage";
      for (const key of ["uid", "gid"] as const) {
        if (v[key] !== undefined && !isStage) {
          ctx.addIssue({ code: "custom", path: [key], message: `${key} applies only to stage volumes (source: stage), this one is ${show(v.source)}` });
        }
      }
      const limits = BLOCK_LIMITS[cloud ?? "any"];
      for (const key of ["iops", "throughput"] as const) {
        const value = v.blockConfig?.[key];
        const [min, max] = limits[key];
        if (value !== undefined && (value < min || value > max)) {
          const unit = key === "throughput" ? " MiB/s" : "";
          ctx.addIssue({ code: "custom", path: ["blockConfig", key], message: `blockConfig.${key} must be ${min}-${max}${unit} ${limits.where}, got ${value} (${BLOCK_STORAGE})` });
        }
      }
    });

/**
 * Per-service volume counts, checked on the whole list (validate.ts): block-storage-volume,
 * "Guidelines and limitations": "The maximum number of block storage volumes per service is 3";
 * snowflake-stage-volume, "Limitations": at most 20 stage volumes per service (current
 * implementation, `source: stage`) and 5 with the deprecated implementation (`"@<stage>"`).
 */
export const VOLUMES_PER_SERVICE: readonly { what: string; is: (source: string) => boolean; max: number; page: string }[] = [
  { what: "block volumes", is: (s) => s === "block", max: 3, page: BLOCK_STORAGE },
  { what: "stage volumes (source: stage)", is: (s) => s === "stage", max: 20, page: STAGE_VOLUME },
  { what: 'deprecated stage volumes ("@<stage>")', is: (s) => s.startsWith("@"), max: 5, page: STAGE_VOLUME },
];

/** Whether a service specification mounts a block storage volume (`source: block`): the rules of block-storage-volume apply then. */
export function hasBlockVolume(spec: unknown): boolean {
  const volumes = (spec as { spec?: { volumes?: { source?: unknown }[] } } | undefined)?.spec?.volumes;
  return Array.isArray(volumes) && volumes.some((v) => v?.source === "block");
}
