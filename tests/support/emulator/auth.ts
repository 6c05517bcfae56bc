/**
 * SNOWFLAKE EMULATOR: login checks. What the real `snowflake-sdk` 3.3.0 sends in
 * `POST /session/v1/login-request` (`data`), per authenticator:
 * - SNOWFLAKE / USERNAME_PASSWORD_MFA: `LOGIN_NAME`, `PASSWORD` (dist/lib/authentication/auth_default.js `updateBody`);
 * - SNOWFLAKE_JWT: `LOGIN_NAME`, `TOKEN` = an RS256 JWT with `iss` = `ACCOUNT.USER.SHA256:<base64 sha256 of the
 *   DER SPKI public key>`, `sub` = `ACCOUNT.USER`, `iat`/`exp` from `Date.now()` (milliseconds) with a 120 s
 *   lifetime (dist/lib/authentication/auth_keypair.js `authenticate`, `calculatePublicKeyFingerprint`);
 * - OAUTH: `TOKEN` = the access token (dist/lib/authentication/auth_oauth.js `updateBody`);
 * plus `ACCOUNT_NAME` and `AUTHENTICATOR` (dist/lib/authentication/authentication.js `formAuthJSON`).
 */
import { createHash, createPublicKey, verify } from "node:crypto";

/** A user of the emulated account and the credentials it accepts. */
export interface EmulatorUser {
  /** LOGIN_NAME (compared case-insensitively, as Snowflake user names are identifiers). */
  name: string;
  password?: string;
  /** PEM public key registered for key-pair auth (`ALTER USER … SET RSA_PUBLIC_KEY`). */
  publicKeyPem?: string;
  /** OAuth access token accepted for this user. */
  oauthToken?: string;
  /** Role the session starts with. @default "SYSADMIN" */
  defaultRole?: string;
}

/** `SHA256:<base64>` of the key's DER SubjectPublicKeyInfo, exactly as the driver computes it. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ format: "der", type: "spki" });
  return `SHA256:${createHash("sha256").update(der).digest("base64")}`;
}

const b64urlJson = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

/** Why a JWT is refused, or undefined when it is valid for `account`/`user` and the registered key. */
export function jwtProblem(token: string, account: string, user: EmulatorUser, now = Date.now()): string | undefined {
  if (!user.publicKeyPem) return `user ${user.name} has no RSA public key registered`;
  const parts = token.split(".");
  if (parts.length !== 3) return "not a JWT";
  let header: { alg?: string };
  let claims: { iss?: string; sub?: string; iat?: number; exp?: number };
  try {
    header = b64urlJson(parts[0]);
    claims = b64urlJson(parts[1]);
  } catch {
    return "JWT header or claims are not JSON";
  }
  if (header.alg !== "RS256") return `JWT algorithm ${header.alg} is not RS256`;
  const signed = verify("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(user.publicKeyPem), Buffer.from(parts[2], "base64url"));
  if (!signed) return "JWT signature does not match the registered public key";
  const prefix = `${account.toUpperCase()}.${user.name.toUpperCase()}`;
  if (claims.sub !== prefix) return `JWT sub ${JSON.stringify(claims.sub)} is not ${prefix}`;
  if (claims.iss !== `${prefix}.${publicKeyFingerprint(user.publicKeyPem)}`) return `JWT iss ${JSON.stringify(claims.iss)} does not name the registered key's fingerprint`;
  // The driver puts milliseconds in iat/exp; accept seconds too.
  const ms = (t: number | undefined) => (t === undefined ? NaN : t > 1e12 ? t : t * 1000);
  if (!(ms(claims.exp) > now)) return "JWT expired";
  if (!(ms(claims.iat) <= now + 60_000)) return "JWT issued in the future";
  return undefined;
}
