/**
 * FAKE SNOWFLAKE: external access integrations
 * (https://docs.snowflake.com/en/sql-reference/sql/create-external-access-integration, …/alter-external-access-integration,
 * …/drop-integration, …/show-integrations, …/desc-integration).
 */
import type { Row } from "../../../provider/client";
import { alreadyExists, syntaxError } from "./errors";
import { like, mustGet, ok, type Catalog, type Statements } from "./catalog";
import type { Parser } from "./sqlParser";

/** No IF NOT EXISTS / name reuse (create-external-access-integration). */
function create(cat: Catalog, p: Parser): Row[] {
  const name = p.ident().name;
  if (cat.eais.has(name)) throw alreadyExists(name);
  const props = p.props();
  cat.eais.set(name, {
    name,
    rules: props.ALLOWED_NETWORK_RULES as string[],
    secrets: (props.ALLOWED_AUTHENTICATION_SECRETS as string[]) ?? [],
    enabled: props.ENABLED as boolean,
    comment: props.COMMENT as string | undefined,
  });
  return ok();
}

/** SET/UNSET ALLOWED_NETWORK_RULES, ALLOWED_AUTHENTICATION_SECRETS, ENABLED, COMMENT (alter-external-access-integration). */
function alter(cat: Catalog, p: Parser): Row[] {
  const e = mustGet(cat.eais, p.ident().name, "Integration");
  if (p.maybeWord("UNSET")) {
    do {
      const what = p.ident().name;
      if (what === "COMMENT") e.comment = undefined;
      else if (what === "ALLOWED_AUTHENTICATION_SECRETS") e.secrets = [];
      else throw syntaxError(`fake: cannot unset ${what}`);
    } while (p.maybePunct(","));
    return ok();
  }
  p.word("SET");
  const props = p.props();
  if ("ALLOWED_NETWORK_RULES" in props) e.rules = props.ALLOWED_NETWORK_RULES as string[];
  if ("ALLOWED_AUTHENTICATION_SECRETS" in props) e.secrets = props.ALLOWED_AUTHENTICATION_SECRETS as string[];
  if ("ENABLED" in props) e.enabled = props.ENABLED as boolean;
  if ("COMMENT" in props) e.comment = props.COMMENT as string;
  return ok();
}

function drop(cat: Catalog, p: Parser): Row[] {
  const name = p.ident().name;
  mustGet(cat.eais, name, "Integration");
  cat.eais.delete(name);
  return ok();
}

/**
 * type and category are both EXTERNAL_ACCESS (Snowflake-Labs/terraform-provider-snowflake
 * pkg/sdk/testint/external_access_integrations_gen_integration_test.go: `HasTypeExternalAccess()`,
 * `HasCategoryExternalAccess()`).
 */
function show(cat: Catalog, p: Parser): Row[] {
  const pat = like(p.str());
  return [...cat.eais.values()]
    .filter((e) => pat.test(e.name))
    .map((e) => ({ name: e.name, type: "EXTERNAL_ACCESS", category: "EXTERNAL_ACCESS", enabled: e.enabled, comment: e.comment ?? null }));
}

/**
 * property / property_value rows. The list format (`[A, B]`) is NOT documented (review U3): it mirrors
 * the provider's own assumption, so this proves only that the provider reads its own format.
 */
function describe(cat: Catalog, p: Parser): Row[] {
  const e = mustGet(cat.eais, p.ident().name, "Integration");
  return [
    { property: "ENABLED", property_value: String(e.enabled) },
    { property: "ALLOWED_NETWORK_RULES", property_value: `[${e.rules.join(", ")}]` },
    { property: "ALLOWED_AUTHENTICATION_SECRETS", property_value: `[${e.secrets.join(", ")}]` },
    { property: "COMMENT", property_value: e.comment ?? "" },
  ];
}

export const integrationStatements: Statements = [
  [["CREATE", "EXTERNAL", "ACCESS", "INTEGRATION"], create],
  [["ALTER", "EXTERNAL", "ACCESS", "INTEGRATION"], alter],
  [["DROP", "INTEGRATION"], drop],
  [["SHOW", "INTEGRATIONS", "LIKE"], show],
  [["DESCRIBE", "INTEGRATION"], describe],
];
