/**
 * The GatewayImage component under Pulumi mocks (tools/mockRun): what it asks docker-build to build and
 * push, the refs it derives, and that the registry token stays a secret. No Docker engine is involved.
 */
import * as path from "node:path";
import { mockRun } from "../../tools/mockRun";
import { parseRepositoryUrl } from "../../components/snowflake/gatewayImage";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { GATEWAY_SOURCE_SHA256, GATEWAY_VERSION } from "../../services/gateway/src/version";
import { GATEWAY_DIR, gatewaySourceSha256 } from "./support/sourceHash";

const REPO_URL = "myorg-acct1.registry.snowflakecomputing.com/LLM_DEV/MODELS/IMAGES";
const TOKEN = "pat-plaintext-never-shown";

test("builds services/gateway for linux/amd64 and pushes it to the SPCS repository with the token as a secret", async () => {
  const run = await mockRun(() => {
    // Loaded after the mocks exist, as Pulumi requires.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GatewayImage } = require("../../components/snowflake/gatewayImage") as typeof import("../../components/snowflake/gatewayImage");
    const image = new GatewayImage("gw", { repositoryUrl: REPO_URL, registryUsername: "PUSHER", registryPassword: TOKEN });
    return { imageRef: image.imageRef, specImage: image.specImage };
  });

  expect(run.exports).toEqual({
    imageRef: `myorg-acct1.registry.snowflakecomputing.com/llm_dev/models/images/llmstack-gateway:${GATEWAY_VERSION}`,
    specImage: `/llm_dev/models/images/llmstack-gateway:${GATEWAY_VERSION}`,
  });
  const component = run.resources.find((r) => r.type === "llmstack:snowflake:GatewayImage");
  const image = run.resources.find((r) => r.type === "docker-build:index:Image");
  expect(component?.name).toBe("gw");
  expect(image?.parent).toBe(component?.urn);
  expect(image?.inputs).toMatchObject({
    platforms: ["linux/amd64"],
    push: true,
    tags: [run.exports.imageRef],
    registries: [{ address: "myorg-acct1.registry.snowflakecomputing.com", username: "PUSHER", password: { secret: true } }],
  });
  const context = (image?.inputs.context as { location: string }).location;
  expect(path.isAbsolute(context)).toBe(false); // no machine paths in the state
  expect(path.resolve(context)).toBe(path.resolve(__dirname, "..", "..", "services", "gateway"));
  expect((image?.inputs.dockerfile as { location: string }).location).toBe(path.join(context, "Dockerfile"));
  expect(JSON.stringify(run.resources)).not.toContain(TOKEN);
});

test("tag and name rules: explicit tag, never latest; repository URLs are validated", async () => {
  const run = await mockRun(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GatewayImage } = require("../../components/snowflake/gatewayImage") as typeof import("../../components/snowflake/gatewayImage");
    expect(() => new GatewayImage("bad", { repositoryUrl: REPO_URL, registryUsername: "u", registryPassword: "p", tag: "latest" })).toThrow(/is latest, which moves/);
    const image = new GatewayImage("gw2", { repositoryUrl: `https://${REPO_URL}/`, registryUsername: "u", registryPassword: "p", tag: "2.0.1-rc1", imageName: "sql-gw" });
    return { specImage: image.specImage };
  });
  expect(run.exports.specImage).toBe("/llm_dev/models/images/sql-gw:2.0.1-rc1");
  expect(() => parseRepositoryUrl("host.example/db/schema")).toThrow(/expected <org>-<acct>\.registry/);
  expect(() => parseRepositoryUrl("host.example/db//repo")).toThrow();
});

test("the gateway's version changes with its code, so a new build never reuses a tag SPCS already pulled", () => {
  const actual = gatewaySourceSha256();
  const hint = `services/gateway changed since version ${GATEWAY_VERSION}: bump GATEWAY_VERSION in src/version.ts and set GATEWAY_SOURCE_SHA256 = "${actual}"`;
  expect({ sha256: GATEWAY_SOURCE_SHA256, hint }).toEqual({ sha256: actual, hint });
  // The hash covers what the image is built from, and only that.
  const dir = mkdtempSync(join(tmpdir(), "gw-src-"));
  cpSync(GATEWAY_DIR, dir, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.includes(`${sep}dist`) });
  writeFileSync(join(dir, "README.md"), "docs are not in the image\n");
  writeFileSync(join(dir, "src", "version.ts"), 'export const GATEWAY_VERSION = "9.9.9";\n');
  expect(gatewaySourceSha256(dir)).toBe(actual);
  writeFileSync(join(dir, "src", "limits.ts"), `${readFileSync(join(dir, "src", "limits.ts"), "utf8")}\n// a change\n`);
  expect(gatewaySourceSha256(dir)).not.toBe(actual);
  rmSync(dir, { recursive: true, force: true });
});
