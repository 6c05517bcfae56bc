/** Security policies: images. */
import type { ResourceValidationArgs } from "@pulumi/policy";
import type { PackContext } from "../context";
import {
  hasDigest,
  podContainers,
  podSpecOf,
  specContainers,
  unpinnedReason,
  WORKLOAD_TYPES,
} from "../facts";
import {
  define,
  kindAndName,
  known,
  settings,
  TYPES,
  type LlmstackPolicy,
} from "../util";

interface ImagesConfig {
  requireDigest: boolean;
}

export function imagesPinned(ctx: PackContext): LlmstackPolicy {
  void ctx;
  const configSchema = {
    properties: { requireDigest: { type: "boolean" as const, default: false, description: "Require @sha256 digests, not only version tags." } },
  };
  return define("release", {
    name: "images-pinned",
    description: "Container images are pinned: a version tag (not latest, not untagged) or a digest. Off in dev stacks by default.",
    severity: "medium",
    configSchema,
    validateResource: (args: ResourceValidationArgs, report) => {
      const { requireDigest } = settings<ImagesConfig>(configSchema, args.getConfig());
      let images: { where: string; image: string }[] = [];
      if (args.type === TYPES.Service || args.type === TYPES.JobService) {
        images = specContainers(known(() => args.props.specification)).flatMap((c) => (c.image ? [{ where: `container ${c.name}`, image: c.image }] : []));
      } else if (WORKLOAD_TYPES.includes(args.type)) {
        const pod = podSpecOf(args.type, args.props);
        images = pod ? podContainers(pod).flatMap((c) => (typeof c.c.image === "string" ? [{ where: `container ${c.name}`, image: c.c.image }] : [])) : [];
      } else {
        return;
      }
      const bad = images
        .map((i) => ({ ...i, why: unpinnedReason(i.image) ?? (requireDigest && !hasDigest(i.image) ? "has no @sha256 digest" : undefined) }))
        .filter((i) => i.why);
      if (bad.length === 0) return;
      report(
        `${kindAndName(args)}: ${bad.map((b) => `${b.where} image ${b.image} ${b.why}`).join("; ")}. ` +
          `A restart would pull different code. Fix: pin a version or digest (llmstack:images.vllm, llmstack:images.vllmCpu, llmstack:images.gatewayTag, or the container's image).`,
      );
    },
  });
}
