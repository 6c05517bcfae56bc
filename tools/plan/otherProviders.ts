/**
 * What is CERTAIN about changes to resources of providers other than ours: a tiny explicit table,
 * one entry per resource type we checked, and nothing else. A key that is not listed here is left to
 * the provider ("provider decides"): the plan does not guess.
 *
 * Source for each entry: the resource's schema in the Snowflake Terraform provider that
 * `@pulumi/snowflake` 1.3.0 bridges (Snowflake-Labs/terraform-provider-snowflake,
 * `pkg/resources/<name>.go`): a property with `ForceNew: true` replaces the object; a property the
 * resource's Update function alters is updated in place. Pulumi names are the camelCase forms
 * (`value_list` → `valueLists`).
 */

export interface ProviderRule {
  /** Input keys whose change replaces the object. */
  readonly replace: readonly string[];
  /** Input keys changed in place. */
  readonly update: readonly string[];
  readonly source: string;
}

const TF = "https://github.com/Snowflake-Labs/terraform-provider-snowflake/blob/main/pkg/resources";

export const CERTAIN_RULES: Readonly<Record<string, ProviderRule>> = {
  // name, database, schema, type, mode: ForceNew; value_list and comment: ALTER NETWORK RULE SET/UNSET.
  "snowflake:index/networkRule:NetworkRule": {
    replace: ["name", "database", "schema", "type", "mode"],
    update: ["valueLists", "comment"],
    source: `${TF}/network_rule.go`,
  },
  // role_name, user_name, parent_role_name: all ForceNew (the resource has no Update).
  "snowflake:index/grantAccountRole:GrantAccountRole": {
    replace: ["roleName", "userName", "parentRoleName"],
    update: [],
    source: `${TF}/grant_account_role.go`,
  },
  // account_role_name, with_grant_option, on_account, on_account_object, on_schema, on_schema_object:
  // ForceNew; privileges / all_privileges / always_apply: granted or revoked in place.
  "snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole": {
    replace: ["accountRoleName", "withGrantOption", "onAccount", "onAccountObject", "onSchema", "onSchemaObject"],
    update: ["privileges", "allPrivileges", "alwaysApply"],
    source: `${TF}/grant_privileges_to_account_role.go`,
  },
};
