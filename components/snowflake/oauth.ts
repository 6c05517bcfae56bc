/** A custom OAuth client (security integration, OAUTH_CLIENT = CUSTOM), e.g. Dataiku LLM Mesh (seed 000). */
import * as pulumi from "@pulumi/pulumi";
import * as snowflake from "@pulumi/snowflake";
import type { RoleProviders } from "./providers";

export interface OAuthClientArgs {
  /** Security integration name. */
  integrationName: string;
  /** OAUTH_REDIRECT_URI (https). */
  redirectUri: string;
  /** OAUTH_CLIENT_TYPE. @default "CONFIDENTIAL" */
  clientType?: "CONFIDENTIAL" | "PUBLIC";
  /** OAUTH_ISSUE_REFRESH_TOKENS. @default true */
  issueRefreshTokens?: boolean;
  /** OAUTH_REFRESH_TOKEN_VALIDITY seconds (3600..7776000). @default 86400 */
  refreshTokenValiditySecs?: number;
  /** OAUTH_ENFORCE_PKCE. @default true for PUBLIC clients */
  enforcePkce?: boolean;
  /**
   * BLOCKED_ROLES_LIST beyond ACCOUNTADMIN, ORGADMIN and SECURITYADMIN, which Snowflake adds implicitly
   * (listing them again makes the provider report a permanent diff). @default ["SYSADMIN"]
   */
  blockedRoles?: string[];
  /** PRE_AUTHORIZED_ROLES_LIST. @default [] */
  preAuthorizedRoles?: string[];
  /** ENABLED. @default true */
  enabled?: boolean;
  /** Creates the integration (CREATE INTEGRATION is account-level). */
  provider: RoleProviders;
}

export class OAuthClient extends pulumi.ComponentResource {
  readonly integrationName: pulumi.Output<string>;

  constructor(name: string, args: OAuthClientArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:OAuthClient", name, {}, opts);
    const type = args.clientType ?? "CONFIDENTIAL";
    const integration = new snowflake.OauthIntegrationForCustomClients(
      `${name}-integration`,
      {
        name: args.integrationName,
        oauthClientType: type,
        oauthRedirectUri: args.redirectUri,
        enabled: String(args.enabled ?? true),
        oauthIssueRefreshTokens: String(args.issueRefreshTokens ?? true),
        oauthRefreshTokenValidity: args.refreshTokenValiditySecs ?? 86400,
        oauthEnforcePkce: String(args.enforcePkce ?? type === "PUBLIC"),
        blockedRolesLists: args.blockedRoles ?? ["SYSADMIN"],
        preAuthorizedRolesLists: args.preAuthorizedRoles ?? [],
        comment: "llmstack OAuth client",
      },
      { parent: this, provider: args.provider.snowflake },
    );
    // The client id and secret are read with SYSTEM$SHOW_OAUTH_CLIENT_SECRETS by an administrator;
    // they are never pulled into Pulumi state.
    this.integrationName = integration.name;
    this.registerOutputs({ integrationName: this.integrationName });
  }
}
