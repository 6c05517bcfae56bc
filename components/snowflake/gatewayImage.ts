/**
 * The SQL gateway's container image (services/gateway), built from this repository and pushed to the
 * account's SPCS image repository, for the model services' `gateway` sidecar.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_VERSION } from "../../services/gateway/src/version";
import { pinnedTagProblem } from "../../validators/image";
import { GATEWAY_IMAGE_NAME } from "./naming";

export interface GatewayImageArgs {
  /**
   * Image repository URL as `SHOW IMAGE REPOSITORIES` gives it:
   * `<org>-<acct>.registry.snowflakecomputing.com/<db>/<schema>/<repo>` (an `https://` prefix is tolerated).
   */
  repositoryUrl: pulumi.Input<string>;
  /** Snowflake user that pushes (needs WRITE on the image repository). */
  registryUsername: pulumi.Input<string>;
  /** That user's programmatic access token. Wrapped as a Pulumi secret here whatever is passed. */
  registryPassword: pulumi.Input<string>;
  /**
   * Image tag. @default {@link GATEWAY_VERSION}, the gateway's version (never `latest`: a service spec must
   * name an exact build, or a restart could pull different code).
   */
  tag?: string;
  /** Image name inside the repository. @default `llmstack-gateway` */
  imageName?: string;
}

export { GATEWAY_IMAGE_NAME } from "./naming";

/** Docker's path-component grammar (lowercase). */
const NAME_PATTERN = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Registry host and `/<db>/<schema>/<repo>` of an image repository URL. */
export function parseRepositoryUrl(url: string): { host: string; path: string } {
  const trimmed = url.trim().replace(/^https?:\/\//, "").replace(/\/+$/, "");
  const [host, ...segments] = trimmed.split("/");
  if (!host || segments.length !== 3 || segments.some((s) => s === "")) {
    throw new Error(`repositoryUrl ${JSON.stringify(url)}: expected <org>-<acct>.registry.snowflakecomputing.com/<db>/<schema>/<repo>`);
  }
  return { host: host.toLowerCase(), path: `/${segments.join("/")}`.toLowerCase() };
}

/** Folder of the gateway's Docker build context: found upward from this file, so it works from source and from dist/. */
export function gatewayContextDir(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "services", "gateway");
    if (fs.existsSync(path.join(candidate, "Dockerfile"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`services/gateway/Dockerfile not found above ${from}`);
  }
}

export class GatewayImage extends pulumi.ComponentResource {
  /** Full registry reference with tag: `<host>/<db>/<schema>/<repo>/<image>:<tag>`. */
  readonly imageRef: pulumi.Output<string>;
  /** The image as an SPCS service spec names it: `/<db>/<schema>/<repo>/<image>:<tag>`. */
  readonly specImage: pulumi.Output<string>;
  /** `sha256:…` digest of the pushed image. */
  readonly digest: pulumi.Output<string>;

  constructor(name: string, args: GatewayImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:GatewayImage", name, {}, opts);
    const tag = args.tag ?? GATEWAY_VERSION;
    const imageName = args.imageName ?? GATEWAY_IMAGE_NAME;
    const tagProblem = pinnedTagProblem(tag);
    if (tagProblem) throw new Error(`GatewayImage ${name}: tag ${JSON.stringify(tag)} ${tagProblem}`);
    if (!NAME_PATTERN.test(imageName)) {
      throw new Error(`GatewayImage ${name}: imageName ${JSON.stringify(imageName)} must be lowercase letters, digits and . _ - separators`);
    }
    const repo = pulumi.output(args.repositoryUrl).apply(parseRepositoryUrl);
    this.imageRef = repo.apply((r) => `${r.host}${r.path}/${imageName}:${tag}`);
    this.specImage = repo.apply((r) => `${r.path}/${imageName}:${tag}`);

    // Relative to the program's working directory, so the state does not record this machine's paths.
    const context = path.relative(process.cwd(), gatewayContextDir()) || ".";
    const image = new dockerBuild.Image(
      `${name}-image`,
      {
        context: { location: context },
        dockerfile: { location: path.join(context, "Dockerfile") },
        // SPCS runs linux/amd64 images.
        platforms: ["linux/amd64"],
        push: true,
        // docker-build builds during `pulumi preview` by default; a preview must not build, pull or push.
        buildOnPreview: false,
        tags: [this.imageRef],
        registries: [
          {
            address: repo.apply((r) => r.host),
            username: args.registryUsername,
            password: pulumi.secret(args.registryPassword),
          },
        ],
      },
      { parent: this },
    );
    this.digest = image.digest;
    this.registerOutputs({ imageRef: this.imageRef, specImage: this.specImage, digest: this.digest });
  }
}
