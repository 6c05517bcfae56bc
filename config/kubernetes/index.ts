/**
 * Stack config for the Kubernetes path: the `llmstack:kubernetes` key (schema.ts, ingestionSchema.ts),
 * GPU node presets (gpuPresets.ts), each model's placement and fit (placement.ts) and the cross-field
 * rules (rules.ts).
 */
export * from "./primitives";
export * from "./gpuPresets";
export * from "./ingestionSchema";
export * from "./schema";
export * from "./placement";
export * from "./rules";
export * from "./egress";
