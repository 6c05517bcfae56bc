/**
 * The `spec.volumes[]` part of the service-specification schema (reference, "spec.volumes field"; the
 * block-storage and stage-volume pages).
 */
import { z } from "zod";
import { blockVolumeSizeProblem } from "../limits";
import { objectName, show, type SpecCloud } from "./fields";

/**
 * Reference, "spec.volumes": source local | memory | block | stage | "@<stage>"; size only (and then
 * required) for memory and block, block as an integer with the Gi suffix; blockConfig for block;
 * uid/gid "only for stage volumes". iops 3000-16000 (AWS) / 3000-80000 (Azure), throughput
 * 125-1000 (AWS) / 125-1200 (Azure) MiB/s.
 */
const MEMORY_VOLUME_SIZE = /^[1-9][0-9]*(?:Ki|Mi|Gi|k|M|G)?$/;
const BLOCK_LIMITS: Record<SpecCloud | "any", { iops: [number, number]; throughput: [number, number]; where: string }> = {
  aws: { iops: [3000, 16000], throughput: [125, 1000], where: "on AWS" },
  azure: { iops: [3000, 80000], throughput: [125, 1200], where: "on Azure" },
  // No Google Cloud figures on the page: the widest range.
  gcp: { iops: [3000, 80000], throughput: [125, 1200], where: "(AWS allows at most 16000 iops and 1000 MiB/s)" },
  any: { iops: [3000, 80000], throughput: [125, 1200], where: "(AWS allows at most 16000 iops and 1000 MiB/s)" },
};
export const volumeSchema = (cloud: SpecCloud | undefined) =>
  z
    .strictObject({
      name: objectName,
      // `stage` is the current form, `"@<stage>"` the older (bcr-bundles/2026_01/bcr-2206 volume syntax;
      // snowflake-stage-volume).
      source: z.string().refine((s) => ["local", "memory", "block", "stage"].includes(s) || /^@\S+$/.test(s), {
        error: (iss) => `source must be local, memory, block, stage or "@<stage>", got ${show(iss.input)}`,
      }),
      size: z.union([z.string(), z.number()]).optional(),
      uid: z.number().int().min(0).optional(),
      gid: z.number().int().min(0).optional(),
      blockConfig: z
        .strictObject({
          initialContents: z.strictObject({ fromSnapshot: z.string().min(1) }).optional(),
          iops: z.number().int().optional(),
          throughput: z.number().int().optional(),
          // https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_01/bcr-2206: encryption,
          // snapshotOnDelete ("defaults true for services and false for jobs, false to opt-out"),
          // snapshotDeleteAfter ("(<hours>h)|(<days>d) # defaults to 7 days").
          encryption: z.enum(["SNOWFLAKE_SSE", "SNOWFLAKE_FULL"], { error: (iss) => `blockConfig.encryption must be SNOWFLAKE_SSE or SNOWFLAKE_FULL, got ${show(iss.input)}` }).optional(),
          snapshotOnDelete: z.boolean({ error: (iss) => `blockConfig.snapshotOnDelete must be true or false, got ${show(iss.input)}` }).optional(),
          snapshotDeleteAfter: z
            .string()
            .regex(/^[1-9][0-9]*[hd]$/, { error: (iss) => `blockConfig.snapshotDeleteAfter must be <hours>h or <days>d (e.g. "24h", "7d"), got ${show(iss.input)}` })
            .optional(),
        })
        .optional(),
    })
    .superRefine((v, ctx) => {
      const sized = v.source === "memory" || v.source === "block";
      if (sized && v.size === undefined) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `a ${v.source} volume needs size (e.g. ${v.source === "block" ? '"100Gi"' : '"2Gi"'})` });
      } else if (!sized && v.size !== undefined) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `size applies only to memory and block volumes, this one is ${show(v.source)}` });
      } else if (v.source === "block" && blockVolumeSizeProblem(v.size, cloud)) {
        // Whole Gi, 1Gi-16384Gi (4Gi minimum on Google Cloud): provider/limits.ts.
        ctx.addIssue({ code: "custom", path: ["size"], message: blockVolumeSizeProblem(v.size, cloud)! });
      } else if (v.source === "memory" && !MEMORY_VOLUME_SIZE.test(String(v.size))) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `a memory volume's size must be bytes or a whole number with Ki, Mi, Gi, k, M or G (e.g. "2Gi"), got ${show(v.size)}` });
      }
      if (v.blockConfig !== undefined && v.source !== "block") {
        ctx.addIssue({ code: "custom", path: ["blockConfig"], message: `blockConfig applies only to block volumes, this one is ${show(v.source)}` });
      }
      const isStage = v.source.startsWith("@") || v.source === "stage";
      for (const key of ["uid", "gid"] as const) {
        if (v[key] !== undefined && !isStage) {
          ctx.addIssue({ code: "custom", path: [key], message: `${key} applies only to stage volumes ("@<stage>"), this one is ${show(v.source)}` });
        }
      }
      const limits = BLOCK_LIMITS[cloud ?? "any"];
      for (const key of ["iops", "throughput"] as const) {
        const value = v.blockConfig?.[key];
        const [min, max] = limits[key];
        if (value !== undefined && (value < min || value > max)) {
          const unit = key === "throughput" ? " MiB/s" : "";
          ctx.addIssue({ code: "custom", path: ["blockConfig", key], message: `blockConfig.${key} must be ${min}-${max}${unit} ${limits.where}, got ${value}` });
        }
      }
    });
