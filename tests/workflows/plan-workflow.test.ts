/**
 * The pull-request workflow's own logic, run here: the shell step that turns the plan's exit codes
 * into the job's outputs, and the github-script step that posts or updates ONE comment.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { tempDir } from "../plan/helpers";

const WORKFLOW = parse(readFileSync(join(__dirname, "..", "..", ".github", "workflows", "plan.yml"), "utf8"));
const steps = WORKFLOW.jobs.plan.steps as { id?: string; uses?: string; run?: string; with?: { script?: string } }[];
const planStep = steps.find((s) => s.id === "plan")!;
const commentStep = steps.find((s) => s.uses?.startsWith("actions/github-script"))!;

/** Runs the plan step with an `npm` that exits with the given code per stack and writes a plan. */
function planStepWith(codes: Record<string, number>): { outputs: Record<string, string>; dir: string } {
  const dir = tempDir();
  mkdirSync(join(dir, "bin"));
  writeFileSync(
    join(dir, "bin", "npm"),
    `#!/usr/bin/env bash
stack=$(echo "$@" | sed -E 's/.*--stack ([a-z]+).*/\\1/')
out=$(echo "$@" | sed -E 's/.*--output ([^ ]+).*/\\1/')
echo "## llmstack plan: \\\`$stack\\\`" > "$out"
echo "note from $stack" >&2
case $stack in ${Object.entries(codes).map(([s, c]) => `${s}) exit ${c};;`).join(" ")} esac
`,
  );
  chmodSync(join(dir, "bin", "npm"), 0o755);
  const output = join(dir, "github_output");
  writeFileSync(output, "");
  const run = spawnSync("bash", ["-e", "-c", planStep.run!], {
    cwd: dir,
    env: { PATH: `${join(dir, "bin")}:${process.env.PATH}`, GITHUB_OUTPUT: output, BASE: "origin/main" },
    encoding: "utf8",
  });
  expect(run.status).toBe(0);
  const outputs = Object.fromEntries(readFileSync(output, "utf8").trim().split("\n").map((l) => l.split("=")));
  return { outputs, dir };
}

test("the plan step: 3 asks for approval, 1 or 2 fail the job, every stack is planned whatever the others do", () => {
  expect(planStepWith({ dev: 0, staging: 0, prod: 0 }).outputs).toEqual({ destructive: "false", worst: "0" });
  expect(planStepWith({ dev: 3, staging: 0, prod: 0 }).outputs).toEqual({ destructive: "true", worst: "0" });
  const { outputs, dir } = planStepWith({ dev: 2, staging: 1, prod: 3 });
  expect(outputs).toEqual({ destructive: "true", worst: "2" });
  for (const s of ["dev", "staging", "prod"]) expect(existsSync(join(dir, "plan", `${s}.md`))).toBe(true);
  expect(readFileSync(join(dir, "plan", "staging.exit"), "utf8").trim()).toBe("1");
  // The jobs that use them.
  expect(WORKFLOW.jobs["approve-destructive-gpu-change"]).toMatchObject({ needs: "plan", if: "needs.plan.outputs.destructive == 'true'", environment: "gpu-changes" });
  expect(steps.find((s) => s.run?.includes("exit 1"))).toMatchObject({ if: "steps.plan.outputs.worst != '0'" });
});

/** Runs the comment script against files in `dir` and a fake GitHub API holding `existing` comments. */
async function comment(dir: string, existing: { id: number; body: string; user: { type: string } }[]) {
  const calls: { op: string; body?: string; comment_id?: number }[] = [];
  const github = {
    rest: {
      issues: {
        listComments: "listComments",
        updateComment: async (a: { comment_id: number; body: string }) => calls.push({ op: "update", comment_id: a.comment_id, body: a.body }),
        createComment: async (a: { body: string }) => calls.push({ op: "create", body: a.body }),
      },
    },
    paginate: async () => existing,
  };
  const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 }, payload: { pull_request: { head: { sha: "0123456789abcdef" }, base: { ref: "main" } } } };
  const fs = require("node:fs") as typeof import("node:fs");
  const inDir = (f: string) => join(dir, f);
  const fakeRequire = (m: string) => (m === "fs" ? { existsSync: (f: string) => fs.existsSync(inDir(f)), readFileSync: (f: string, e: BufferEncoding) => fs.readFileSync(inDir(f), e) } : require(m));
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  await new AsyncFunction("require", "github", "context", commentStep.with!.script)(fakeRequire, github, context);
  return calls;
}

test("the comment: created once, then updated in place; a stack's status says what its exit code means", async () => {
  const { dir } = planStepWith({ dev: 0, staging: 3, prod: 1 });
  const first = await comment(dir, [{ id: 1, body: "an unrelated comment", user: { type: "User" } }]);
  expect(first.map((c) => c.op)).toEqual(["create"]);
  const body = first[0].body!;
  expect(body.startsWith("<!-- llmstack-plan -->\n")).toBe(true);
  expect(body).toContain("<details><summary><b>dev</b>: ✅ clean</summary>");
  expect(body).toContain("<details open><summary><b>staging</b>: ⚠️ destructive change");
  expect(body).toContain("<details open><summary><b>prod</b>: ❌ a mandatory policy is violated</summary>");
  expect(body).toContain("## llmstack plan: `prod`");

  const second = await comment(dir, [{ id: 1, body: "an unrelated comment", user: { type: "User" } }, { id: 9, body, user: { type: "Bot" } }]);
  expect(second.map((c) => [c.op, c.comment_id])).toEqual([["update", 9]]);
});

test("the comment stays under GitHub's 65,536 characters: the longest plans go to the artifact", async () => {
  const { dir } = planStepWith({ dev: 0, staging: 0, prod: 0 });
  writeFileSync(join(dir, "plan", "dev.md"), "x".repeat(60000));
  writeFileSync(join(dir, "plan", "prod.md"), "y".repeat(30000));
  const [c] = await comment(dir, []);
  expect(c.body!.length).toBeLessThanOrEqual(65000);
  expect(c.body).toContain("Too long for a comment: see the `plan` artifact");
  expect(c.body).toContain("y".repeat(30000));
});
