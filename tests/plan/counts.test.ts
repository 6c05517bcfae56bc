/**
 * One definition of the counts (tools/plan/counts.ts: objects, per op), the same number in every
 * format: the text's headline, tree and summary, the markdown headline and tree, the JSON `counts`
 * and `diff.counts`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderMarkdown } from "../../tools/plan/markdown";
import { renderText } from "../../tools/plan/text";
import { cli, SMALL, SMALL_GPU_M, tempDir } from "./helpers";

interface Shown {
  counts: Record<string, number>;
  objects: number;
}

function fromText(text: string, diff: boolean): Shown[] {
  const phrase = (s: string) => Object.fromEntries([...s.matchAll(/(\d+) (?:to (\w+)|(unchanged))/g)].map((m) => [m[2] ?? "same", Number(m[1])]));
  const shown: Shown[] = [];
  const objects = Number(/== Resources, grouped by component \((\d+) objects?\) ==/.exec(text)![1]);
  if (diff) shown.push({ counts: phrase(/^Changes against \S+: (.*)$/m.exec(text)![1]), objects });
  shown.push({ counts: phrase(/^Summary: ([^;]*);/m.exec(text)![1]), objects });
  return shown;
}

function fromMarkdown(md: string): Shown {
  const headline = md.split("\n")[2].split(" — ")[0].replace(/\*\*/g, "");
  const counts = Object.fromEntries([...headline.matchAll(/(\d+) (?:to (\w+)|(unchanged))/g)].map((m) => [m[2] ?? "same", Number(m[1])]));
  return { counts, objects: Number(/Resources, grouped by component \((\d+) objects?\)/.exec(md)![1]) };
}

test.each([
  ["without a baseline", false],
  ["against a baseline", true],
])("%s, every format shows the same counts, and they count the objects", async (_name, withBaseline) => {
  const dir = tempDir();
  const args = withBaseline ? ["--config", SMALL_GPU_M, "--stack", "small", "--baseline", join(dir, "plan.json")] : ["--config", SMALL];
  if (withBaseline) writeFileSync(join(dir, "plan.json"), (await cli("--config", SMALL, "--format", "json")).out);
  const json = await cli(...args, "--format", "json");
  // The other formats render this same document (the CLI calls these renderers on it).
  const doc = JSON.parse(json.out);
  const text = renderText(doc);
  const md = renderMarkdown(doc);

  // The definition: custom resources that are not provider instances, each under its step's op.
  const objects = doc.steps.filter((s: { newState?: { custom: boolean; type: string }; oldState?: { custom: boolean; type: string } }) => {
    const st = s.newState ?? s.oldState!;
    return st.custom && !st.type.startsWith("pulumi:providers:");
  });
  const expected: Record<string, number> = {};
  for (const s of objects) expected[s.op] = (expected[s.op] ?? 0) + 1;
  const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
  expect(nonZero(doc.counts)).toEqual(expected);
  if (withBaseline) expect(doc.diff.counts).toEqual(doc.counts);
  const inDesiredState = doc.resources.filter((r: { custom: boolean; type: string }) => r.custom && !r.type.startsWith("pulumi:providers:")).length;

  for (const shown of [...fromText(text, withBaseline), fromMarkdown(md)]) {
    expect(shown.counts).toEqual(expected);
    expect(shown.objects).toBe(inDesiredState);
  }
  if (withBaseline) expect(expected).toEqual({ update: 2, same: inDesiredState - 2 });
}, 120000);

