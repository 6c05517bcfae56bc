/**
 * Rendering an SPCS service specification to YAML, its digest, and parsing it back.
 *
 * Field names and their order follow Snowflake's "Service specification reference":
 * https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference
 */
import { createHash } from "crypto";
import { Document, Scalar, parse, visit } from "yaml";
import type { ServiceSpecification } from "../resources";

/** Where every rule in `provider/spec/*` comes from. */
export const SPEC_REFERENCE_URL =
  "https://docs.snowflake.com/en/developer-guide/snowpark-container-services/specification-reference";

/**
 * Key order of one mapping. `keys` come first in that order; any other key follows, sorted, so the
 * output never depends on how the caller built the object. `sortKeys` marks free-form maps (env).
 */
interface Shape {
  keys?: readonly string[];
  fields?: Readonly<Record<string, Shape>>;
  /** Shape of each element when the value is a list. */
  items?: Shape;
  /** A user-keyed map whose values are rendered as strings (env). */
  stringValues?: boolean;
}

const RESOURCE_AMOUNTS: Shape = { keys: ["memory", "nvidia.com/gpu", "cpu"] };
const PROBE: Shape = { keys: ["port", "path", "periodSeconds", "failureThreshold"] };
const METRIC_CONDITIONS: Shape = {
  items: {
    keys: ["metricCondition"],
    fields: {
      metricCondition: {
        keys: ["metricName", "labels", "aggregationType", "stabilizationPeriodSecs", "targetScaling", "stepScaling"],
        fields: {
          labels: { stringValues: true },
          stepScaling: { keys: ["adjustmentType", "scalingSteps"], fields: { scalingSteps: { items: { keys: ["lowerBound", "upperBound", "targetAdjustment"] } } } },
        },
      },
    },
  },
};

// The order is the reference's "general syntax" block, so a rendered spec reads like the docs.
const SPEC_SHAPE: Shape = {
  keys: ["spec", "capabilities", "serviceRoles"],
  fields: {
    spec: {
      keys: ["containers", "endpoints", "volumes", "logExporters", "platformMonitor", "resourceManagement"],
      fields: {
        containers: {
          items: {
            keys: ["name", "image", "command", "args", "env", "readinessProbe", "livenessProbe", "volumeMounts", "resources", "mountSessionToken", "sessionTokenConfig", "secrets"],
            fields: {
              env: { stringValues: true },
              readinessProbe: PROBE,
              livenessProbe: PROBE,
              sessionTokenConfig: { keys: ["path", "permission", "mountConnectionConfig"] },
              volumeMounts: { items: { keys: ["name", "mountPath"] } },
              resources: { keys: ["requests", "limits"], fields: { requests: RESOURCE_AMOUNTS, limits: RESOURCE_AMOUNTS } },
              secrets: {
                items: {
                  keys: ["snowflakeSecret", "directoryPath", "envVarName", "secretKeyRef"],
                  fields: { snowflakeSecret: { keys: ["objectName", "objectReference"] } },
                },
              },
            },
          },
        },
        endpoints: {
          items: {
            keys: ["name", "port", "portRange", "public", "protocol", "corsSettings"],
            fields: {
              corsSettings: {
                keys: [
                  "Access-Control-Allow-Origin",
                  "Access-Control-Allow-Methods",
                  "Access-Control-Allow-Headers",
                  "Access-Control-Expose-Headers",
                ],
              },
            },
          },
        },
        volumes: {
          items: {
            keys: ["name", "source", "size", "uid", "gid", "blockConfig", "stageConfig"],
            fields: {
              blockConfig: {
                keys: ["initialContents", "iops", "throughput", "encryption", "snapshotOnDelete", "snapshotDeleteAfter"],
                fields: { initialContents: { keys: ["fromSnapshot"] } },
              },
              stageConfig: {
                keys: ["name", "metadataCache", "resources"],
                fields: { resources: { keys: ["requests", "limits"], fields: { requests: RESOURCE_AMOUNTS, limits: RESOURCE_AMOUNTS } } },
              },
            },
          },
        },
        logExporters: { keys: ["eventTableConfig"], fields: { eventTableConfig: { keys: ["logLevel"] } } },
        platformMonitor: { keys: ["metricConfig"], fields: { metricConfig: { keys: ["groups"] } } },
        resourceManagement: {
          keys: ["autoScalingPolicies"],
          fields: {
            autoScalingPolicies: {
              keys: ["scaleUp", "scaleDown", "suspend"],
              fields: {
                scaleUp: { keys: ["anyConditions"], fields: { anyConditions: METRIC_CONDITIONS } },
                scaleDown: { keys: ["allConditions"], fields: { allConditions: METRIC_CONDITIONS } },
                suspend: { keys: ["allConditions"], fields: { allConditions: METRIC_CONDITIONS } },
              },
            },
          },
        },
      },
    },
    capabilities: { keys: ["securityContext"], fields: { securityContext: { keys: ["executeAsCaller", "enableCustomCredentials"] } } },
    serviceRoles: { items: { keys: ["name", "endpoints"] } },
  },
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A copy of `value` with keys in reference order, `undefined` dropped and env values as strings. */
function normalize(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) {
    return value.filter((v) => v !== undefined).map((v) => normalize(v, shape?.items));
  }
  if (!isPlainObject(value)) return value;
  const known = shape?.keys ?? [];
  const rest = Object.keys(value)
    .filter((k) => !known.includes(k))
    .sort();
  const out: Record<string, unknown> = {};
  for (const key of [...known, ...rest]) {
    const v = value[key];
    if (v === undefined) continue;
    // Environment variables are strings inside the container whatever the YAML type; rendering them
    // as strings keeps `PORT: 8000` and `PORT: "8000"` the same spec (and the same digest).
    out[key] = shape?.stringValues && (typeof v === "number" || typeof v === "boolean") ? String(v) : normalize(v, shape?.fields?.[key]);
  }
  return out;
}

/**
 * True when a plain (unquoted) scalar with this text would not read back as the same string,
 * under YAML 1.2 (what the `yaml` package reads) or YAML 1.1 (where `on`, `yes`, `1:20`, `017` are
 * not strings). We do not know which YAML version Snowflake's parser implements, so we quote for both.
 */
function needsQuotes(text: string): boolean {
  for (const version of ["1.2", "1.1"] as const) {
    try {
      if (parse(text, { version }) !== text) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * Renders a service specification as YAML for `CREATE SERVICE … FROM SPECIFICATION $$…$$`.
 *
 * Deterministic: keys follow the order of the specification reference (spec → containers → endpoints
 * → volumes → logExporters → platformMonitor → resourceManagement; capabilities; serviceRoles), keys the reference does
 * not list follow sorted, env keys are sorted, `undefined` is omitted. Env values are rendered as
 * strings, and any string that YAML 1.1 or 1.2 would read as another type is double-quoted. No
 * anchors or aliases; lines are never folded. It does not validate: call
 * {@link validateSpecification} first.
 */
export function renderSpecification(spec: ServiceSpecification): string {
  // normalize() already copies every object; aliasDuplicateObjects: false is the second guard
  // against `&a1`/`*a1`, which Snowflake's parser need not support and humans misread.
  const doc = new Document(normalize(spec, SPEC_SHAPE), { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value === "string" && needsQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Keys are scalars too (visit reaches them), so an env key like `on` is quoted as well.
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/**
 * The spec as {@link renderSpecification} sees it before writing YAML: reference key order,
 * `undefined` dropped, env values as strings, fresh objects throughout. For drift, compare
 * `normalizeSpecification(desired)` with `normalizeSpecification(parseSpecification(descText))`,
 * so `PORT: 8000` read back from Snowflake equals `PORT: "8000"` as we sent it.
 */
export function normalizeSpecification(spec: unknown): unknown {
  return normalize(spec, SPEC_SHAPE);
}

/** sha256 (hex) of the spec text exactly as sent: what the provider stores to detect drift. */
export function specDigest(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Parses spec YAML (for example the `spec` column of `DESC SERVICE`) into plain data for a
 * structural comparison with the desired spec. Throws on a YAML syntax error, on more than one
 * document, and on duplicate keys. Aliases are resolved (Snowflake may return them, we never write them).
 */
export function parseSpecification(text: string): unknown {
  // `parse` throws the first YAMLParseError (duplicate keys included, uniqueKeys defaults to true)
  // and refuses a stream with several documents.
  return parse(text, { prettyErrors: true });
}
