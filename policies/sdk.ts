/**
 * Two runtime exports of `@pulumi/policy` whose typings are stripped (@internal in proxy.ts, yet
 * re-exported by its index.js): the proxy CrossGuard wraps inputs in, which throws
 * UnknownValueError on values unknown during preview. Typed here once.
 */
import * as policySdk from "@pulumi/policy";

const sdk = policySdk as unknown as {
  UnknownValueError: new (...args: never[]) => Error;
  unknownCheckingProxy<T>(value: T): T;
};

export const UnknownValueError = sdk.UnknownValueError;
export const unknownCheckingProxy = sdk.unknownCheckingProxy;
