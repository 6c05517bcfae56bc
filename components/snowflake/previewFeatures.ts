/**
 * Preview features of the Terraform provider inside `@pulumi/snowflake`: one sourced fact, used by
 * the program (`providers.ts`) and checked by the tests.
 *
 * `@pulumi/snowflake` 1.3.0 embeds terraform-provider-snowflake v1.2.1 (pulumi/pulumi-snowflake@v1.3.0
 * `provider/go.mod`, "Upgrade terraform-provider-snowflake to v1.2.1 (#893)"; the authenticator list in
 * node_modules/@pulumi/snowflake/provider.d.ts is v1.2.1's). v1.2.1 validates every entry of
 * `preview_features_enabled` against its list (`pkg/provider/provider.go:375-383`,
 * `validators.StringInSlice(previewfeatures.AllPreviewFeatures, true)`): one unknown name fails the
 * provider configuration, and with it every resource using that provider.
 */

/** The pinned engine these names belong to. Change it only together with the list below. */
export const TF_PROVIDER_VERSION = "v1.2.1";

/**
 * Every valid `preview_features_enabled` value of terraform-provider-snowflake v1.2.1, in source
 * order: Snowflake-Labs/terraform-provider-snowflake@v1.2.1 `pkg/provider/previewfeatures/preview_features.go`
 * (`allPreviewFeatures`).
 */
export const TF_V1_2_1_PREVIEW_FEATURES: readonly string[] = [
  "snowflake_current_account_datasource",
  "snowflake_account_authentication_policy_attachment_resource",
  "snowflake_account_password_policy_attachment_resource",
  "snowflake_alert_resource",
  "snowflake_alerts_datasource",
  "snowflake_api_integration_resource",
  "snowflake_authentication_policy_resource",
  "snowflake_cortex_search_service_resource",
  "snowflake_cortex_search_services_datasource",
  "snowflake_database_datasource",
  "snowflake_database_role_datasource",
  "snowflake_dynamic_table_resource",
  "snowflake_dynamic_tables_datasource",
  "snowflake_external_function_resource",
  "snowflake_external_functions_datasource",
  "snowflake_external_table_resource",
  "snowflake_external_tables_datasource",
  "snowflake_external_volume_resource",
  "snowflake_failover_group_resource",
  "snowflake_failover_groups_datasource",
  "snowflake_file_format_resource",
  "snowflake_file_formats_datasource",
  "snowflake_function_java_resource",
  "snowflake_function_javascript_resource",
  "snowflake_function_python_resource",
  "snowflake_function_scala_resource",
  "snowflake_function_sql_resource",
  "snowflake_functions_datasource",
  "snowflake_managed_account_resource",
  "snowflake_materialized_view_resource",
  "snowflake_materialized_views_datasource",
  "snowflake_network_policy_attachment_resource",
  "snowflake_network_rule_resource",
  "snowflake_email_notification_integration_resource",
  "snowflake_notification_integration_resource",
  "snowflake_object_parameter_resource",
  "snowflake_password_policy_resource",
  "snowflake_pipe_resource",
  "snowflake_pipes_datasource",
  "snowflake_current_role_datasource",
  "snowflake_sequence_resource",
  "snowflake_sequences_datasource",
  "snowflake_share_resource",
  "snowflake_shares_datasource",
  "snowflake_parameters_datasource",
  "snowflake_procedure_java_resource",
  "snowflake_procedure_javascript_resource",
  "snowflake_procedure_python_resource",
  "snowflake_procedure_scala_resource",
  "snowflake_procedure_sql_resource",
  "snowflake_procedures_datasource",
  "snowflake_stage_resource",
  "snowflake_stages_datasource",
  "snowflake_storage_integration_resource",
  "snowflake_storage_integrations_datasource",
  "snowflake_system_generate_scim_access_token_datasource",
  "snowflake_system_get_aws_sns_iam_policy_datasource",
  "snowflake_system_get_privatelink_config_datasource",
  "snowflake_system_get_snowflake_platform_info_datasource",
  "snowflake_table_column_masking_policy_application_resource",
  "snowflake_table_constraint_resource",
  "snowflake_table_resource",
  "snowflake_tables_datasource",
  "snowflake_user_authentication_policy_attachment_resource",
  "snowflake_user_public_keys_resource",
  "snowflake_user_password_policy_attachment_resource",
];

/**
 * The gated resources the program creates, by Pulumi type token → the preview feature v1.2.1 checks
 * before touching them (`pkg/resources/network_rule.go` and `pkg/resources/stage.go` wrap their CRUD in
 * `PreviewFeature…ContextWrapper(previewfeatures.NetworkRuleResource / StageResource, …)`). The other
 * `@pulumi/snowflake` resources the program uses (role, database, schema, warehouse, grants, OAuth
 * integration for custom clients, secret with generic string) are not gated in v1.2.1.
 */
export const PREVIEW_FEATURE_OF_TYPE: Readonly<Record<string, string>> = {
  "snowflake:index/networkRule:NetworkRule": "snowflake_network_rule_resource",
  "snowflake:index/stage:Stage": "snowflake_stage_resource",
};

/** What every `snowflake.Provider` of the program enables. */
export const PREVIEW_FEATURES: readonly string[] = [...new Set(Object.values(PREVIEW_FEATURE_OF_TYPE))];
