/**
 * The supported-auth table (provider/auth.ts, README "Supported authentication") against both
 * providers' accepted values: the installed snowflake-sdk's authenticator names and
 * terraform-provider-snowflake v1.2.1's (the engine of @pulumi/snowflake 1.3.0).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AUTHENTICATORS, TF_AUTHENTICATORS, sharedAuthProblems } from "../../provider/auth";

const ROOT = join(__dirname, "..", "..");

test("every supported authenticator is a value terraform-provider-snowflake v1.2.1 accepts and maps to one the installed snowflake-sdk knows", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = require("snowflake-sdk/dist/lib/authentication/authentication_types") as Record<string, string>;
  const driverValues = new Set(Object.values(driver).filter((v) => typeof v === "string"));
  for (const row of AUTHENTICATORS) {
    expect([row.value, (TF_AUTHENTICATORS as readonly string[]).includes(row.value)]).toEqual([row.value, true]);
    expect([row.driver, driverValues.has(row.driver)]).toEqual([row.driver, true]);
  }
  // The @pulumi/snowflake 1.3.0 SDK documents the same list as v1.2.1's source.
  const dts = readFileSync(require.resolve("@pulumi/snowflake/provider.d.ts"), "utf8").replace(/\s*\n\s*\*\s*/g, " ");
  const documented = /Valid options are: (`[A-Z_]+`(?: \| `[A-Z_]+`)*)\. Can also be sourced from the `SNOWFLAKE_AUTHENTICATOR`/.exec(dts)![1].match(/[A-Z_]+/g);
  expect(documented).toEqual([...TF_AUTHENTICATORS]);
});

test("the README's supported-auth table is the table the code enforces", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = /## Supported authentication\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
  const rows = section.split("\n").filter((l) => /^\| `[A-Z_]+` \|/.test(l)).map((l) => /^\| `([A-Z_]+)` \|/.exec(l)![1]);
  expect(rows).toEqual(AUTHENTICATORS.map((r) => r.value));
  for (const r of AUTHENTICATORS) expect(section).toContain(r.needs.map((n) => `\`${n}\``).join(" + "));
});

test("a complete credential for each supported authenticator passes; each driver-only value is refused with its fix", () => {
  for (const row of AUTHENTICATORS) {
    const shape = Object.fromEntries(row.needs.map((k) => [k, k === "user" ? "U" : true]));
    expect([row.value, sharedAuthProblems({ organizationName: "O", accountName: "A", authenticator: row.value, ...shape })]).toEqual([row.value, []]);
  }
  expect(sharedAuthProblems({ authenticator: "OKTA" }).join()).toMatch(/use one of SNOWFLAKE, SNOWFLAKE_JWT, OAUTH, EXTERNALBROWSER, USERNAMEPASSWORDMFA/);
  expect(sharedAuthProblems({ authenticator: "WORKLOAD_IDENTITY" }).join()).toMatch(/not accepted by both providers/);
});
