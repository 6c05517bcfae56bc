/**
 * The `spec.resourceManagement` part of the service-specification schema: autoscaling policies.
 * Reference, "spec.resourceManagement field", and the page it points to for "the full field
 * reference": https://docs.snowflake.com/en/developer-guide/snowpark-container-services/scaling-services
 * (read at szeno/snowflake-docs@b5c216b56ad3b86564fb86ab70b8444ed7e7f08f, scaling-services.md).
 */
import { z } from "zod";
import { show } from "./fields";

const SCALING = "https://docs.snowflake.com/en/developer-guide/snowpark-container-services/scaling-services";

const AGGREGATIONS = ["min", "max", "avg"] as const;
const ADJUSTMENTS = ["changeInstanceCount", "exactInstanceCount", "percentChangeInstanceCount"] as const;

const number = (what: string) => z.number({ error: (iss) => `${what} must be a number, got ${show(iss.input)}` });

/**
 * "stepScaling": `adjustmentType` (required) and `scalingSteps` (required, "a list of one or more
 * ranges", each a lower and upper bound and a `targetAdjustment`). lowerBound < upperBound is our
 * reading of "range" (every example has it).
 */
const stepScaling = z.strictObject({
  adjustmentType: z.enum(ADJUSTMENTS, { error: (iss) => `stepScaling.adjustmentType must be one of ${ADJUSTMENTS.join(", ")}, got ${show(iss.input)}` }),
  scalingSteps: z
    .array(
      z
        .strictObject({ lowerBound: number("scalingSteps[].lowerBound"), upperBound: number("scalingSteps[].upperBound"), targetAdjustment: number("scalingSteps[].targetAdjustment") })
        .superRefine((s, ctx) => {
          if (!(s.lowerBound < s.upperBound)) {
            ctx.addIssue({ code: "custom", path: ["upperBound"], message: `a scaling step's upperBound must be above its lowerBound, got ${s.lowerBound}-${s.upperBound}` });
          }
        }),
      { error: (iss) => `stepScaling.scalingSteps must be a list of {lowerBound, upperBound, targetAdjustment}, got ${show(iss.input)}` },
    )
    .min(1, { error: "stepScaling.scalingSteps needs at least one step" }),
});

/**
 * "metricCondition": `metricName`, optional `labels` (key-value pairs), `aggregationType` min | max |
 * avg, `stabilizationPeriodSecs`, and "You must specify one of the scaling options: `targetScaling` or
 * `stepScaling`". The syntax marks its optional fields `# optional` and leaves aggregationType and
 * stabilizationPeriodSecs unmarked, so they are required here (our reading); the period is a whole
 * number of seconds ≥ 1 (our reading: "the duration in seconds"). `containerName` appears in the page's
 * scale-down example though not in its syntax, so it is accepted as a string.
 */
const metricCondition = z
  .strictObject({
    metricName: z.string({ error: (iss) => `metricName must be the name of a platform or custom metric (e.g. "container.cpu.usage"), got ${show(iss.input)}` }).min(1),
    labels: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]), { error: (iss) => `labels must be a map of key: value (e.g. snow.endpoint.name: api), got ${show(iss.input)}` }).optional(),
    containerName: z.string().min(1).optional(),
    aggregationType: z.enum(AGGREGATIONS, { error: (iss) => `aggregationType must be min, max or avg, got ${show(iss.input)}` }),
    stabilizationPeriodSecs: z
      .number({ error: (iss) => `stabilizationPeriodSecs must be a whole number of seconds, got ${show(iss.input)}` })
      .int({ error: (iss) => `stabilizationPeriodSecs must be a whole number of seconds, got ${show(iss.input)}` })
      .min(1, { error: (iss) => `stabilizationPeriodSecs must be at least 1 second, got ${show(iss.input)}` }),
    targetScaling: z.strictObject({ targetValue: number("targetScaling.targetValue") }).optional(),
    stepScaling: stepScaling.optional(),
  })
  .superRefine((m, ctx) => {
    if ((m.targetScaling === undefined) === (m.stepScaling === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: `a metricCondition needs exactly one of targetScaling or stepScaling, got ${m.targetScaling === undefined ? "neither" : "both"} (${SCALING})`,
      });
    }
  });

const conditions = z.array(z.strictObject({ metricCondition }), {
  error: (iss) => `conditions must be a list of {metricCondition: {...}}, got ${show(iss.input)}`,
}).min(1, { error: "a policy needs at least one metricCondition" });

/**
 * "For the `scaleUp` policy, use `anyConditions` … For the `scaleDown` and `suspend` policies, use
 * `allConditions`"; "Step scaling is supported only for `scaleUp` and `scaleDown` auto-scaling
 * policies". (One example on the page writes `scaleUp: allConditions:`; the rule stated in the text wins.)
 */
const policy = (which: "scaleUp" | "scaleDown" | "suspend") => {
  // The wrong list (scaleUp: allConditions) is refused as an unknown field, with a hint (validate.ts).
  const key = which === "scaleUp" ? "anyConditions" : "allConditions";
  return z.strictObject({ [key]: conditions }).superRefine((p, ctx) => {
    if (which !== "suspend") return;
    (p[key] as { metricCondition: { stepScaling?: unknown } }[]).forEach((c, i) => {
      if (c.metricCondition.stepScaling !== undefined) {
        ctx.addIssue({ code: "custom", path: [key, i, "metricCondition", "stepScaling"], message: `a suspend policy takes targetScaling only: step scaling is supported only for scaleUp and scaleDown (${SCALING})` });
      }
    });
  });
};

/**
 * "You can describe a combination of `suspend`, `scaleUp`, or `scaleDown` policies, but at most one of
 * each type." An empty `autoScalingPolicies` is refused: our reading (it would configure nothing).
 */
export const resourceManagement = z.strictObject({
  autoScalingPolicies: z
    .strictObject({ scaleUp: policy("scaleUp").optional(), scaleDown: policy("scaleDown").optional(), suspend: policy("suspend").optional() })
    .refine((p) => p.scaleUp !== undefined || p.scaleDown !== undefined || p.suspend !== undefined, {
      error: "autoScalingPolicies needs at least one of scaleUp, scaleDown, suspend",
    }),
});
