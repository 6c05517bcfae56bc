/**
 * Security policies: egress, OAuth clients, who reaches endpoints, plaintext secrets, least
 * privilege, runtime ownership and pinned images, one concern per module. Each reads the inputs of
 * the @pulumi/snowflake resources, our `llmstack:spcs:*` resources (provider/resources.ts) or
 * Kubernetes objects.
 */
import type { PackContext } from "../context";
import type { LlmstackPolicy } from "../util";
import { egressNoWildcards } from "./egress";
import { oauthBlockedRoles, oauthRefreshTokenValidity, oauthHttpsRedirect } from "./oauth";
import { endpointAccess } from "./endpoints";
import { noPlaintextSecrets } from "./secrets";
import { noPublicGrants, runtimeRoleLeastPrivilege, runtimeObjectsNotAdminOwned } from "./privilege";
import { imagesPinned } from "./images";

/** The security policies, in table order. */
export function securityPolicies(ctx: PackContext): LlmstackPolicy[] {
  return [
    egressNoWildcards(ctx),
    oauthBlockedRoles(ctx),
    oauthRefreshTokenValidity(ctx),
    oauthHttpsRedirect(ctx),
    endpointAccess(ctx),
    noPlaintextSecrets(ctx),
    noPublicGrants(ctx),
    runtimeRoleLeastPrivilege(ctx),
    runtimeObjectsNotAdminOwned(ctx),
    imagesPinned(ctx),
  ];
}
