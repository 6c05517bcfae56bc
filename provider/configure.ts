/**
 * Getting the provider's configuration out of the engine's `Configure` call.
 *
 * @pulumi/pulumi 3.270's Node provider server (`provider/server.js`, `Server.configure`) answers
 * Configure without passing the request to the `Provider`: there is no configure hook, so provider
 * inputs (the Snowflake account and credentials) would never reach us: we read the request in
 * front of the SDK's `configure` (provider/interceptRpc.ts).
 *
 * What the engine sends (pulumi/pulumi `sdk/go/common/resource/plugin/provider_plugin.go`,
 * `Configure`): `args`, a Struct of the provider inputs with secrets kept as secret-signature
 * objects, and `variables`, `<pkg>:config:<key>` → plain string. We prefer `args` and fall back to
 * `variables`. Nothing here logs a value.
 */
import { grpcServerPrototypeOf, interceptRpc, type AddService } from "./interceptRpc";

/** Secret-signature key and value of a serialized Pulumi secret. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The parts of `pulumirpc.ConfigureRequest` we read. */
export interface ConfigureRequestLike {
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
  getVariablesMap(): { forEach(cb: (value: string, key: string) => void): void };
}

/** Replaces `{<sig>: <secret>, value}` by `value`, recursively. */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return unwrapSecrets(o.value);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = unwrapSecrets(x);
    return out;
  }
  return v;
}

/** True when `v` is a serialized secret. */
export function isSecretValue(v: unknown): boolean {
  return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Wraps `v` as a serialized secret (for outputs whose input was secret). */
export function wrapSecret(v: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value: v };
}

/**
 * Provider configuration from a Configure request: `args` (secrets unwrapped, unknowns and
 * non-strings dropped) over `variables` (`<pkg>:config:` prefix removed).
 */
export function configFromRequest(req: ConfigureRequestLike, pkg: string): Record<string, string> {
  const config: Record<string, string> = {};
  const prefix = `${pkg}:config:`;
  req.getVariablesMap().forEach((value, key) => {
    if (key.startsWith(prefix) && typeof value === "string" && value !== UNKNOWN) config[key.slice(prefix.length)] = value;
  });
  const args = unwrapSecrets(req.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(args)) {
    if (key === "version" || typeof value !== "string" || value === UNKNOWN) continue;
    config[key] = value;
  }
  return config;
}

const CONFIGURE_PATH = "/pulumirpc.ResourceProvider/Configure";

/**
 * Makes `serverPrototype.addService` install `onConfigure` in front of the ResourceProvider's
 * `configure`. Returns a function that restores the original.
 */
export function interceptConfigure(serverPrototype: { addService: AddService }, pkg: string, onConfigure: (config: Record<string, string>) => void): () => void {
  return interceptRpc<ConfigureRequestLike>(serverPrototype, CONFIGURE_PATH, "configure", (req) => onConfigure(configFromRequest(req, pkg)));
}

/** grpc-js's `Server.prototype`, resolved from @pulumi/pulumi's directory so it is the SDK's copy. */
export const pulumiGrpcServerPrototype = () => grpcServerPrototypeOf("@pulumi/pulumi");
