/**
 * FAKE SNOWFLAKE: service functions (https://docs.snowflake.com/en/sql-reference/sql/create-function-spcs,
 * …/alter-function-spcs, …/drop-function-spcs, …/show-user-functions).
 */
import type { Row } from "../../../provider/client";
import { BATCH_TIMEOUT_SECS_MAX, CONTEXT_FUNCTIONS } from "../../../provider/limits";
import { alreadyExists, notFound, refused } from "./errors";
import { inSchema, like, mustGet, ok, parts, type Catalog, type Statements } from "./catalog";
import type { Parser } from "./sqlParser";

/** `DB.S.F(TYPE, …)`: a function is identified by its name and argument types (create-function-spcs). */
function signature(p: Parser): string {
  const fqn = parts(p).join(".");
  p.punct("(");
  const types: string[] = [];
  if (!p.maybePunct(")")) {
    do types.push(p.dataType());
    while (p.maybePunct(","));
    p.punct(")");
  }
  return `${fqn}(${types.join(", ")})`;
}

function create(cat: Catalog, p: Parser, orAlter: boolean): Row[] {
  const fqn = parts(p).join(".");
  p.punct("(");
  const argTypes: string[] = [];
  if (!p.maybePunct(")")) {
    do {
      p.ident();
      argTypes.push(p.dataType());
    } while (p.maybePunct(","));
    p.punct(")");
  }
  p.word("RETURNS");
  const returns = p.dataType();
  const props = p.props(["AS"]);
  p.word("AS");
  const path = p.str();
  // SERVICE names an existing service; ENDPOINT one of its spec's endpoints (create-function-spcs).
  const service = String(props.SERVICE);
  const svc = cat.services.get(service);
  if (!svc) throw notFound("Service", service);
  const endpoint = String(props.ENDPOINT);
  if (!(svc.spec?.spec?.endpoints ?? []).some((e: { name: string }) => e.name === endpoint)) throw refused(`Endpoint '${endpoint}' does not exist in service ${service}.`);
  // BATCH_TIMEOUT_SECS "greater than 0 and less than or equal to 604800"; CONTEXT_HEADERS only context functions (create-function-spcs).
  const timeout = props.BATCH_TIMEOUT_SECS as number | undefined;
  if (timeout !== undefined && !(timeout > 0 && timeout <= BATCH_TIMEOUT_SECS_MAX)) throw refused(`BATCH_TIMEOUT_SECS must be greater than 0 and at most ${BATCH_TIMEOUT_SECS_MAX}.`);
  if ((props.MAX_BATCH_ROWS as number | undefined) === 0) throw refused("MAX_BATCH_ROWS must be greater than 0.");
  for (const h of (props.CONTEXT_HEADERS as string[] | undefined) ?? []) if (!CONTEXT_FUNCTIONS.includes(h)) throw refused(`Invalid context header function ${h}.`);
  const sig = `${fqn}(${argTypes.join(", ")})`;
  const existing = cat.functions.get(sig);
  if (existing && !orAlter) throw alreadyExists(sig);
  // CREATE OR ALTER changes only CONTEXT_HEADERS, SERVICE, ENDPOINT, MAX_BATCH_ROWS/RETRIES, ON_BATCH_FAILURE,
  // BATCH_TIMEOUT_SECS (create-function-spcs, CREATE OR ALTER usage notes; bcr-bundles/2025_02/bcr-1938).
  if (existing && (existing.returns !== returns || existing.path !== path)) {
    throw refused(`CREATE OR ALTER FUNCTION cannot change the return type or the handler path of ${sig}.`);
  }
  cat.functions.set(sig, { fqn, argTypes, returns, service, endpoint, path, props, comment: props.COMMENT as string | undefined });
  return ok();
}

/** SET/UNSET COMMENT (alter-function-spcs). */
function alter(cat: Catalog, p: Parser): Row[] {
  const fn = mustGet(cat.functions, signature(p), "Function");
  if (p.maybeWord("SET")) fn.comment = p.props().COMMENT as string;
  else {
    p.word("UNSET");
    p.word("COMMENT");
    fn.comment = undefined;
  }
  return ok();
}

function drop(cat: Catalog, p: Parser): Row[] {
  const sig = signature(p);
  mustGet(cat.functions, sig, "Function");
  cat.functions.delete(sig);
  return ok();
}

/**
 * SHOW USER FUNCTIONS: `arguments` reads `NAME(TYPE, …) RETURN TYPE` with type modifiers stripped and
 * `description` defaults to "user-defined function" (show-user-functions; bcr-bundles/un-bundled/bcr-1944).
 */
function show(cat: Catalog, p: Parser): Row[] {
  const pat = like(p.str());
  const schema = inSchema(p);
  return [...cat.functions.values()]
    .filter((f) => f.fqn.startsWith(schema + ".") && pat.test(f.fqn.split(".")[2]))
    .map((f) => {
      const name = f.fqn.split(".")[2];
      return { name, arguments: `${name}(${f.argTypes.map((t) => t.replace(/\(.*\)$/, "")).join(", ")}) RETURN ${f.returns}`, description: f.comment ?? "user-defined function" };
    });
}

export const functionStatements: Statements = [
  [["CREATE", "OR", "ALTER", "FUNCTION"], (cat, p) => create(cat, p, true)],
  [["CREATE", "FUNCTION"], (cat, p) => create(cat, p, false)],
  [["ALTER", "FUNCTION"], alter],
  [["DROP", "FUNCTION"], drop],
  [["SHOW", "USER", "FUNCTIONS", "LIKE"], show],
];
