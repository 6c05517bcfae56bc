/**
 * Which environment a stack is (dev, staging or prod), decided in one place for the program, the
 * policy pack and the offline plan: `llmstack:environment` when the stack config sets it, else the
 * stack name (`prod`, `acme-production`, `stage`…), else dev. Policy levels and data protection
 * follow it, so the three must never disagree.
 */

export type Environment = "dev" | "staging" | "prod";
export const ENVIRONMENTS: readonly Environment[] = ["dev", "staging", "prod"];

export function isEnvironment(v: unknown): v is Environment {
  return typeof v === "string" && (ENVIRONMENTS as readonly string[]).includes(v);
}

/** Guess from a stack name (`prod`, `acme-production`, `stage`…); dev when nothing matches. */
export function environmentFromStackName(stackName: string | undefined): Environment {
  const words = (stackName ?? "").toLowerCase().split(/[^a-z0-9]+/);
  if (words.some((w) => w === "prod" || w === "production" || w === "prd")) return "prod";
  if (words.some((w) => w === "staging" || w === "stage" || w === "stg")) return "staging";
  return "dev";
}

/**
 * The environment of a stack: the configured value when it is one (an invalid value is the schema's
 * to refuse; it is returned as is so the error names it), else the stack name's, else dev.
 */
export function decideEnvironment(configured: unknown, stackName: string | undefined): unknown {
  return configured === undefined ? environmentFromStackName(stackName) : configured;
}
