/**
 * URLs that the stack config passes on to services (a Hugging Face mirror as `HF_ENDPOINT`, an OAuth
 * redirect URI). Such URLs are written into service specs, manifests and Snowflake objects in plain
 * text, so they must not carry credentials. Pure.
 */

/**
 * Why `value` is not a plain https URL, or undefined. Refused: other schemes, whitespace and control
 * characters (the WHATWG parser silently drops tabs and line breaks, so the text written would differ
 * from what was checked), and a `user:password@` part, which would sit in plain text in the spec,
 * the state and `DESC SERVICE`.
 */
export function httpsUrlProblem(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== "string" || /[\s\u0000-\u001f\u007f]/.test(value)) return "must be an https:// URL without spaces or control characters";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an https:// URL";
  }
  if (url.protocol !== "https:") return "must be an https:// URL";
  if (url.username !== "" || url.password !== "") {
    return "must not hold credentials (user:password@): they would sit in plain text in specs and state; keep the token a Pulumi secret (llmstack:hfToken)";
  }
  return undefined;
}
