/**
 * Spec drift: does the spec Snowflake runs (`DESC SERVICE`.`spec`) mean what we sent? Compares only
 * what the program owns: Snowflake adds fields of its own to the spec it returns, and those are not
 * drift. Pure.
 */
import { normalizeSpecification, parseSpecification, renderSpecification, specDigest } from "./spec";
import { looselyEqual, type Props } from "./rows";

/**
 * Fields Snowflake adds to each container of the returned spec: "the service specification, which
 * includes the image digest (the value of the sha256 field in the specification)"
 * (https://docs.snowflake.com/en/developer-guide/snowpark-container-services/working-with-services,
 * "Updating service code and redeploying the service").
 */
export const SERVER_ADDED_CONTAINER_FIELDS: readonly string[] = ["sha256"];

/** The spec without what Snowflake added. */
export function ownedSpec(parsed: unknown): unknown {
  const doc = parsed as Props | undefined;
  const containers = doc?.spec?.containers;
  if (!Array.isArray(containers)) return parsed;
  const stripped = containers.map((c: Props) => {
    if (!c || typeof c !== "object") return c;
    const out = { ...c };
    for (const f of SERVER_ADDED_CONTAINER_FIELDS) delete out[f];
    return out;
  });
  return { ...doc, spec: { ...doc!.spec, containers: stripped } };
}

/** What a read found: nothing changed, or the live spec (owned part) that replaces ours in state. */
export type SpecReading = { drift: false } | { drift: true; specText: string; specDigest: string; specification: unknown };

/**
 * Compares the live spec text with ours (`specText` as sent, `specification` as inputs). Unparseable
 * live text counts as drift (we cannot show it means the same).
 */
export function readLiveSpec(remote: string, ours: { specText?: string; specification?: unknown }): SpecReading {
  if (remote === ours.specText) return { drift: false };
  let owned: unknown;
  try {
    owned = ownedSpec(parseSpecification(remote));
  } catch {
    return { drift: true, specText: remote, specDigest: specDigest(remote), specification: ours.specification };
  }
  if (ours.specification !== undefined && looselyEqual(normalizeSpecification(owned), normalizeSpecification(ours.specification))) return { drift: false };
  const text = renderSpecification(owned as never);
  return { drift: true, specText: text, specDigest: specDigest(text), specification: owned };
}
