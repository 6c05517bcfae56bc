/**
 * Public images mirrored into the account's image repository: SPCS pulls only from image
 * repositories in the account, so e.g. vLLM is re-tagged and pushed there (`FROM <source>`).
 */
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { mirroredName } from "../../validators/image";

export interface MirroredImageArgs {
  /** Public image to mirror, pinned, e.g. `vllm/vllm-openai:v0.11.0`. */
  source: string;
  /** Image repository URL `<org>-<acct>.registry.snowflakecomputing.com/<db>/<schema>/<repo>`. */
  repositoryUrl: pulumi.Input<string>;
  /** Registry user (its programmatic access token is the password). */
  registryUsername: pulumi.Input<string>;
  /** Pulumi secret: the user's programmatic access token. */
  registryPassword: pulumi.Input<string>;
}

export class MirroredImage extends pulumi.ComponentResource {
  /** Full registry reference with tag. */
  readonly imageRef: pulumi.Output<string>;
  readonly digest: pulumi.Output<string>;

  constructor(name: string, args: MirroredImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:MirroredImage", name, {}, opts);
    // The config's rule (llmstack:images.*), checked again here because this text becomes a Dockerfile:
    // throws on anything but a pinned, well-formed reference, so no line break can add instructions.
    const target = pulumi.interpolate`${args.repositoryUrl}/${mirroredName(args.source)}`;
    const registryHost = pulumi.output(args.repositoryUrl).apply((u) => u.split("/")[0]);
    const image = new dockerBuild.Image(
      `${name}-image`,
      {
        dockerfile: { inline: `FROM ${args.source}\n` },
        // SPCS runs linux/amd64 images.
        platforms: ["linux/amd64"],
        push: true,
        tags: [target],
        registries: [{ address: registryHost, username: args.registryUsername, password: pulumi.secret(args.registryPassword) }],
      },
      { parent: this },
    );
    this.imageRef = target;
    this.digest = image.digest;
    this.registerOutputs({ imageRef: this.imageRef, digest: this.digest });
  }
}
