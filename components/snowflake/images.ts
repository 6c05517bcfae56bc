/**
 * Public images mirrored into the account's image repository: SPCS pulls only from image repositories in
 * the account, so e.g. vLLM is pulled, re-tagged and pushed there with `@pulumi/docker` (nothing is built).
 *
 * - `docker.RemoteImage` pulls the pinned public image for linux/amd64 (SPCS runs amd64 images).
 * - `docker.Tag` tags it with the repository's name, `docker.RegistryImage` pushes that tag and reports the
 *   pushed manifest's `sha256Digest`, which the service specs use (`…/image:tag@sha256:…`): a restart
 *   can only ever run the bytes that were pushed.
 *
 * All three are Terraform-bridged resources (pulumi/pulumi-docker, kreuzwerker/docker): a `pulumi preview`
 * only diffs their inputs, the pull and the push happen when `pulumi up` creates them, and they need a
 * Docker engine there (the provider talks to the local daemon).
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { mirroredName } from "../../validators/image";

export interface MirroredImageArgs {
  /** Public image to mirror, pinned, e.g. `vllm/vllm-openai:v0.33.0`. */
  source: string;
  /** Image repository URL `<org>-<acct>.registry.snowflakecomputing.com/<db>/<schema>/<repo>`. */
  repositoryUrl: pulumi.Input<string>;
  /** Registry user (its programmatic access token is the password). */
  registryUsername: pulumi.Input<string>;
  /** Pulumi secret: the user's programmatic access token. */
  registryPassword: pulumi.Input<string>;
}

/** The platform SPCS runs (docs.snowflake.com … specification-reference: images must be linux/amd64). */
export const SPCS_PLATFORM = "linux/amd64";

export class MirroredImage extends pulumi.ComponentResource {
  /** Full registry reference with tag. */
  readonly imageRef: pulumi.Output<string>;
  /** `sha256:…` of the manifest pushed to the SPCS repository. */
  readonly digest: pulumi.Output<string>;

  constructor(name: string, args: MirroredImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:MirroredImage", name, {}, opts);
    // The config's rule (llmstack:images.*), checked again here because this text becomes a Dockerfile:
    // throws on anything but a pinned, well-formed reference, so no line break can add instructions.
    const target = pulumi.interpolate`${args.repositoryUrl}/${mirroredName(args.source)}`;
    const registryHost = pulumi.output(args.repositoryUrl).apply((u) => u.split("/")[0]);
    // keepLocally: deleting the stack must not remove an image other work on the machine may use.
    const pulled = new docker.RemoteImage(`${name}-pull`, { name: args.source, platform: SPCS_PLATFORM, keepLocally: true }, { parent: this });
    const tagged = new docker.Tag(`${name}-tag`, { sourceImage: pulled.imageId, targetImage: target }, { parent: this });
    const pushed = new docker.RegistryImage(
      `${name}-push`,
      {
        name: tagged.targetImage,
        // The repository keeps no per-image delete (SPCS), and a running service may still use the image.
        keepRemotely: true,
        // A new pull (the pinned tag resolved to other bytes) pushes again.
        triggers: { sourceDigest: pulled.repoDigest },
        authConfig: { address: registryHost, username: args.registryUsername, password: pulumi.secret(args.registryPassword) },
      },
      { parent: this },
    );
    this.imageRef = target;
    this.digest = pushed.sha256Digest;
    this.registerOutputs({ imageRef: this.imageRef, digest: this.digest });
  }
}
