/**
 * Golden outputs of the small stack in every format, and of a GPU-pool change against it.
 * Regenerate with `UPDATE_GOLDEN=1 npx jest tests/plan` and READ the diff before committing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderMarkdown } from "../../tools/plan/markdown";
import { cli, expectGolden, FORBIDDEN, SMALL, SMALL_GPU_M, tempDir } from "./helpers";

const noSecrets = (text: string) => {
  for (const f of FORBIDDEN) expect(text).not.toContain(f);
};

test.each([
  ["text", "small.txt"],
  ["markdown", "small.md"],
  ["json", "small.json"],
])("--format %s of the small stack matches its golden, secrets masked", async (format, golden) => {
  const run = await cli("--config", SMALL, "--format", format);
  expect([run.code, run.code === 0 ? "" : run.out]).toEqual([0, ""]);
  noSecrets(run.out);
  expectGolden(golden, run.out + "\n");
});

test("the JSON plan is deterministic and shows secrets only as [secret]", async () => {
  const a = await cli("--config", SMALL, "--format", "json");
  const b = await cli("--config", SMALL, "--format", "json");
  expect(b.out).toBe(a.out);
  const doc = JSON.parse(a.out);
  expect(doc.schemaVersion).toBe(1);
  // The registry token reaches the image push as a secret: present, masked.
  const image = doc.resources.find((r: { type: string }) => r.type === "docker-build:index:Image");
  expect(image.inputs.registries[0].password).toBe("[secret]");
  expect(doc.assumedSecrets).toEqual([]);
});

test("a GPU-pool change against the small stack's plan, as markdown, matches its golden", async () => {
  const dir = tempDir();
  const base = await cli("--config", SMALL, "--format", "json");
  writeFileSync(join(dir, "plan.json"), base.out);
  const run = await cli("--config", SMALL_GPU_M, "--stack", "small", "--baseline", join(dir, "plan.json"), "--format", "markdown");
  expect([run.code, run.code === 0 ? "" : run.out]).toEqual([0, ""]);
  noSecrets(run.out);
  expectGolden("small-gpu-m.diff.md", run.out + "\n");
});

test("the README's \"Reviewing a change\" shows the GPU-pool change's real plan, verbatim", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const shown = /<!-- plan:begin -->\n([\s\S]*)<!-- plan:end -->/.exec(doc)?.[1];
  expect(shown).toBe(readFileSync(join(__dirname, "fixtures", "golden", "small-gpu-m.diff.md"), "utf8"));
});

test("a comment that would exceed GitHub's limit drops the tree first, then detail, never the pools, policies or cost", () => {
  const doc = JSON.parse(readFileSync(join(__dirname, "fixtures", "golden", "small.json"), "utf8"));
  const full = renderMarkdown(doc);
  expect(full).toContain("<details><summary>Resources, grouped by component");
  const short = renderMarkdown(doc, full.length - 1);
  expect(short.length).toBeLessThan(full.length);
  expect(short).not.toContain("<details><summary>Resources, grouped by component");
  expect(short).toContain("the resource tree is in `--format text`");
  for (const section of ["### Policies", "### Cost", "### Apply order"]) expect(short).toContain(section);
  expect(renderMarkdown(doc, 0)).not.toContain("<details><summary>Waves");
});
