/**
 * "Does not exist or not authorized": Snowflake answers 002003 both when an object is gone and when
 * the role may no longer see it ("SQL compilation error: <type> '<name>' does not exist or not
 * authorized.", https://docs.snowflake.com/en/user-guide/budgets troubleshooting). Taking it as
 * "absent" would let a lost grant remove an object from state (refresh) or report a DROP that never
 * happened (delete). So absence is only ever concluded from a successful SHOW in the object's
 * container that does not list it; an error of its own is reported with its code and what to check.
 */
import { DOES_NOT_EXIST_OR_NOT_AUTHORIZED, errorCode } from "./client";

/** The error is Snowflake's 002003 (by code; by message when the error carries no code). */
export function isDoesNotExistOrNotAuthorized(e: unknown): boolean {
  const code = errorCode(e);
  if (code !== undefined) return code === DOES_NOT_EXIST_OR_NOT_AUTHORIZED;
  return /does not exist or not authorized/i.test(String((e as Error)?.message ?? e));
}

/** An error for an object we could neither see nor confirm gone. */
export class NotVisibleError extends Error {
  constructor(
    what: string,
    cause: unknown,
    readonly code = errorCode(cause),
  ) {
    super(
      `${what}: Snowflake answered ${code ?? "an error"} (${String((cause as Error)?.message ?? cause).replace(/\s+/g, " ").trim()}). ` +
        `Either it (or its schema/database) was dropped, or the provider's role lost its privileges on it; the provider cannot tell which, so it changes nothing in state. ` +
        `Restore the role's privileges (or the object) and run again; if the object was dropped on purpose, remove it from state with pulumi state delete <urn>.`,
    );
    this.name = "NotVisibleError";
  }
}
