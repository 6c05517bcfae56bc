/**
 * Container image references, checked once for every place one is written: the stack config
 * (`llmstack:images.*`), the inline Dockerfile that mirrors an image (`FROM <ref>`) and the gateway
 * image's tag. Pure; no zod, no Pulumi.
 *
 * Grammar: distribution/reference v0.5.0, reference.go (the grammar Docker and every OCI registry
 * client parse with), https://github.com/distribution/reference/blob/v0.5.0/reference.go#L4-L26:
 *
 *   reference        := name [ ":" tag ] [ "@" digest ]
 *   name             := [domain '/'] remote-name
 *   domain           := host [':' port-number]
 *   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 *   path-component   := alpha-numeric [separator alpha-numeric]*
 *   alpha-numeric    := /[a-z0-9]+/
 *   separator        := [_.] | __ | one or more -
 *   tag              := /[\w][\w.-]{0,127}/
 *   digest           := algorithm ":" hex   (algorithm: letter-led components joined by - _ + or .; hex: 32+)
 *
 * The first `/`-separated part is a domain only when it contains `.` or `:` or is `localhost`
 * (reference's `splitDockerDomain`, normalize.go). IPv6 hosts are not accepted (no registry we
 * mirror from uses one).
 */

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*";
/** A Docker tag, anchored. */
export const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
/** reference.go: NameTotalLengthMax. */
const NAME_TOTAL_LENGTH_MAX = 255;

export interface ImageReference {
  /** Registry host[:port], when the reference names one. */
  readonly domain?: string;
  /** Repository path inside the registry, e.g. `vllm/vllm-openai`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Parses a reference; undefined when it does not follow the grammar (whitespace and control characters never do). */
export function parseImageReference(ref: string): ImageReference | undefined {
  if (typeof ref !== "string") return undefined;
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return undefined;
  }
  if (rest.length === 0 || rest.length > NAME_TOTAL_LENGTH_MAX) return undefined;
  let domain: string | undefined;
  const first = rest.indexOf("/");
  if (first >= 0) {
    const head = rest.slice(0, first);
    if (head.includes(".") || head.includes(":") || head === "localhost") {
      domain = head;
      rest = rest.slice(first + 1);
      if (!DOMAIN_RE.test(domain)) return undefined;
    }
  }
  if (!PATH_RE.test(rest)) return undefined;
  return { ...(domain ? { domain } : {}), path: rest, ...(tag !== undefined ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/**
 * Why `ref` cannot be mirrored into an SPCS image repository, or undefined when it can. The mirror
 * pushes the image under its own `name:tag` (a push needs a tag), so a tag is required and must not
 * be `latest`, which moves: a service restart would pull different code. A digest may follow the tag
 * (`name:tag@sha256:…`) to pin the exact build.
 */
export function mirrorableImageProblem(ref: string): string | undefined {
  const parsed = parseImageReference(ref);
  if (!parsed) {
    return "is not an image reference: [registry/]path[:tag][@digest], lower-case path, no spaces or line breaks (distribution/reference grammar)";
  }
  if (parsed.tag === undefined) return "has no tag: the image is pushed to the SPCS repository under its name:tag, so give a version tag (e.g. vllm/vllm-openai:v0.11.0)";
  if (parsed.tag === "latest") return "is tagged latest, which moves: a service restart would pull different code; pin a version tag";
  return undefined;
}

/** Why `tag` is not a usable, pinned Docker tag, or undefined. */
export function pinnedTagProblem(tag: string): string | undefined {
  if (typeof tag !== "string" || !TAG_RE.test(tag)) return "is not a Docker tag: a letter, digit or _ first, then letters, digits, _, . or -, at most 128 characters";
  if (tag === "latest") return "is latest, which moves: a service restart would pull different code; use a version";
  return undefined;
}

/**
 * `name:tag` under which a mirrored image is pushed into the account repository: the last path
 * component and the tag (`vllm/vllm-openai:v0.11.0@sha256:…` → `vllm-openai:v0.11.0`). Throws on a
 * reference {@link mirrorableImageProblem} refuses, so nothing unchecked reaches a pull, a push or a spec.
 */
export function mirroredName(ref: string): string {
  const problem = mirrorableImageProblem(ref);
  if (problem) throw new Error(`image ${JSON.stringify(ref)} ${problem}`);
  const parsed = parseImageReference(ref)!;
  return `${parsed.path.split("/").pop()}:${parsed.tag}`;
}
