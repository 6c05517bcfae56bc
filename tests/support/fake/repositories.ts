/**
 * FAKE SNOWFLAKE: image repositories (https://docs.snowflake.com/en/sql-reference/sql/create-image-repository,
 * …/alter-image-repository, …/show-image-repositories).
 */
import type { Row } from "../../../provider/client";
import { alreadyExists } from "./errors";
import { fqnOf, inSchema, like, mustGet, ok, type Catalog, type Statements } from "./catalog";
import type { Parser } from "./sqlParser";

function create(cat: Catalog, p: Parser): Row[] {
  const fqn = fqnOf(p);
  if (cat.repos.has(fqn)) throw alreadyExists(fqn);
  const props = p.props();
  const enc = (props.ENCRYPTION as Record<string, unknown>[] | undefined)?.[0]?.TYPE as string | undefined;
  // ENCRYPTION defaults to SNOWFLAKE_SSE (create-image-repository).
  cat.repos.set(fqn, { fqn, encryption: enc ?? "SNOWFLAKE_SSE", comment: props.COMMENT as string | undefined });
  return ok();
}

/** Only COMMENT (and tags) can be set (alter-image-repository). */
function alter(cat: Catalog, p: Parser): Row[] {
  const repo = mustGet(cat.repos, fqnOf(p), "Image repository");
  p.word("SET");
  repo.comment = (p.props().COMMENT as string) || undefined;
  return ok();
}

function drop(cat: Catalog, p: Parser): Row[] {
  const fqn = fqnOf(p);
  mustGet(cat.repos, fqn, "Image repository");
  cat.repos.delete(fqn);
  return ok();
}

/**
 * `repository_url` is `<org>-<acct>.registry.snowflakecomputing.com/<db>/<schema>/<repo>`, lower case
 * (working-with-registry-repository); `encryption` per create-image-repository.
 */
function show(cat: Catalog, p: Parser): Row[] {
  const pat = like(p.str());
  const schema = inSchema(p);
  return [...cat.repos.values()]
    .filter((r) => r.fqn.startsWith(schema + ".") && pat.test(r.fqn.split(".")[2]))
    .map((r) => {
      const [db, sch, name] = r.fqn.split(".");
      return {
        name,
        database_name: db,
        schema_name: sch,
        repository_url: `myorg-myacct.registry.snowflakecomputing.com/${db}/${sch}/${name}`.toLowerCase(),
        encryption: r.encryption,
        comment: r.comment ?? null,
      };
    });
}

export const repositoryStatements: Statements = [
  [["CREATE", "IMAGE", "REPOSITORY"], create],
  [["ALTER", "IMAGE", "REPOSITORY"], alter],
  [["DROP", "IMAGE", "REPOSITORY"], drop],
  [["SHOW", "IMAGE", "REPOSITORIES", "LIKE"], show],
];
