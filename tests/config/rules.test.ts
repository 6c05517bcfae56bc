/**
 * config/rules.ts, the cross-field rules, one behaviour per test, straight through validateStackConfig
 * (no plan run: fast enough to judge every mutant of the module, `npm run test:mutation -- rules`).
 * Each refusal names its path; a valid neighbour of each refused config passes, so a rule that fires
 * too widely fails here as well as one that does not fire.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { formatIssues, validateStackConfig, type ConfigIssue } from "../../config/validate";

const ROOT = join(__dirname, "..", "..");
const DEV = llmstackKeys(parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")).config);

function llmstackKeys(doc: Record<string, unknown>): Record<string, any> {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k.startsWith("llmstack:")) raw[k.slice("llmstack:".length)] = v;
  return raw;
}

/** The dev stack's llmstack:* keys, changed by `mutate`. */
function dev(mutate: (c: Record<string, any>) => void = () => {}): Record<string, any> {
  const c = structuredClone(DEV);
  mutate(c);
  return c;
}

function issues(raw: unknown): ConfigIssue[] {
  const r = validateStackConfig(raw);
  return r.ok ? [] : r.issues;
}

/** Exactly one issue at `path`, matching `message` (and `hint` when given). */
function expectIssue(raw: unknown, path: string, message: RegExp, hint?: RegExp): void {
  const all = issues(raw);
  const at = all.filter((i) => i.path === path);
  if (at.length !== 1) throw new Error(`expected one issue at ${path}; got:\n${formatIssues(all)}`);
  expect(at[0].message).toMatch(message);
  if (hint) expect(at[0].hint).toMatch(hint);
}

function expectValid(raw: unknown): void {
  const all = issues(raw);
  if (all.length) throw new Error(`expected a valid config; got:\n${formatIssues(all)}`);
}

/** A generic service (seed 003's filter) on the dev stack's CPU pool. */
const FILTER = {
  pool: "CPU_XS",
  containers: [{ name: "filter", image: "filter:1.0.0" }],
  endpoints: [{ name: "api", port: 8000 }],
  functions: [{ name: "FILTER_DOC", args: [{ name: "TEXT", type: "VARCHAR" }], returns: "VARCHAR", endpoint: "api", path: "/filter" }],
};
const JOB = { pool: "CPU_XS", containers: [{ name: "main", image: "job:1.0.0" }] };
const withFilter = (extra: (c: Record<string, any>) => void = () => {}) =>
  dev((c) => {
    c.snowflake.services = { FILTER: structuredClone(FILTER) };
    c.snowflake.jobs = { NEWS: structuredClone(JOB) };
    extra(c);
  });

test("the dev stack, and with a generic service and a job, is valid", () => {
  expectValid(dev());
  expectValid(withFilter());
});

describe("a stack must deploy something", () => {
  test("no section at all is refused at the root", () => {
    expectIssue({}, "llmstack:*", /configures nothing to deploy/, /llmstack: namespace/);
    expectIssue({ models: [] }, "llmstack:*", /configures nothing to deploy/);
  });

  test("models alone are not 'nothing', but a model on Snowflake needs the snowflake section", () => {
    const all = issues(dev((c) => delete c.snowflake));
    expect(all.map((i) => i.path)).not.toContain("llmstack:*");
    expect(all.filter((i) => i.path.endsWith(".snowflake")).map((i) => [i.path, i.message])).toEqual([
      ["llmstack:models[0].snowflake", expect.stringMatching(/llmstack:snowflake is not configured/)],
      ["llmstack:models[1].snowflake", expect.stringMatching(/llmstack:snowflake is not configured/)],
    ]);
  });

  test("a model placed nowhere is refused by name", () => {
    expectIssue(dev((c) => delete c.models[1].snowflake), "llmstack:models[1]", /model MINILM is placed nowhere/, /add snowflake: \{pool/);
  });
});

describe("images", () => {
  test("pushing needs a registry user; not pushing does not", () => {
    expectIssue(dev((c) => delete c.images.registryUser), "llmstack:images.registryUser", /required to push/);
    expectValid(dev((c) => (c.images = { push: false })));
    // Nothing to push when no model runs on Snowflake.
    expect(issues(dev((c) => {
      delete c.images.registryUser;
      for (const m of c.models) m.snowflake.function = false;
    })).map((i) => i.path)).toContain("llmstack:images.registryUser");
  });
});

describe("compute pools", () => {
  test("a family's per-account node limit", () => {
    expectIssue(dev((c) => (c.snowflake.computePools.CPU_XS.maxNodes = 151)), "llmstack:snowflake.computePools.CPU_XS.maxNodes", /CPU_X64_XS allows at most 150 nodes per account, got 151/);
    expectValid(dev((c) => (c.snowflake.computePools.CPU_XS.maxNodes = 150)));
    // Without maxNodes, minNodes is the size.
    expectIssue(
      dev((c) => {
        c.snowflake.computePools.CPU_XS.minNodes = 151;
        delete c.snowflake.computePools.CPU_XS.maxNodes;
      }),
      "llmstack:snowflake.computePools.CPU_XS.maxNodes",
      /allows at most 150 nodes/,
    );
  });

  test("max nodes equal to min nodes is fine; below is not", () => {
    expectValid(dev((c) => Object.assign(c.snowflake.computePools.CPU_XS, { minNodes: 2, maxNodes: 2 })));
    expectIssue(dev((c) => Object.assign(c.snowflake.computePools.CPU_XS, { minNodes: 2, maxNodes: 1 })), "llmstack:snowflake.computePools.CPU_XS.maxNodes", /maxNodes 1 is below minNodes 2/);
  });

  test("the cloud check names the clouds that offer the family", () => {
    expectIssue(dev((c) => (c.snowflake.cloud = "gcp")), "llmstack:snowflake.computePools.GPU_S.instanceFamily", /GPU_NV_S is not offered on gcp \(only aws\)/);
    expectValid(dev((c) => (c.snowflake.computePools = { CPU_XS: c.snowflake.computePools.CPU_XS }, c.models.splice(0, 1), (c.snowflake.cloud = "gcp"))));
  });
});

describe("models", () => {
  test("model names are unique ignoring case", () => {
    expectIssue(dev((c) => (c.models[1].name = "qwen")), "llmstack:models[1].name", /model name qwen is used twice \(also models\[0\]\)/);
  });

  test("a model's context may equal its trained context, not exceed it", () => {
    expectValid(dev((c) => (c.models[0].maxContextLength = 32768)));
    expectIssue(dev((c) => (c.models[0].maxContextLength = 32769)), "llmstack:models[0].maxContextLength", /32769 exceeds the model's trained context of 32768/, /use at most 32768/);
  });

  test("a model not in the catalog lists the catalog and stops there", () => {
    const all = issues(dev((c) => Object.assign(c.models[0], { source: { huggingFaceId: "acme/secret" }, maxContextLength: 10_000_000 })));
    expect(all.map((i) => i.path)).toEqual(["llmstack:models[0].architecture"]);
    expect(all[0].hint).toMatch(/Qwen\/Qwen2\.5-1\.5B-Instruct/);
  });

  test("weights that do not fit: a shorter context is offered when one fits, a bigger node otherwise", () => {
    // Llama 3.1 8B fits a GPU_NV_S at a short context, not at its 128k; a float32 Mistral 7B not at all.
    expectIssue(
      dev((c) => Object.assign(c.models[0], { source: { huggingFaceId: "meta-llama/Llama-3.1-8B-Instruct" }, maxContextLength: 131072 })),
      "llmstack:models[0].snowflake.pool",
      /needs about .* GiB .* for 131072 tokens .* but 1×A10G 24 GiB on GPU_NV_S leaves 21\.6 GiB usable/,
      /^set maxContextLength to at most \d+/,
    );
    expectIssue(
      dev((c) => Object.assign(c.models[0], { source: { huggingFaceId: "mistralai/Mistral-7B-Instruct-v0.1" }, dtype: "float32" })),
      "llmstack:models[0].snowflake.pool",
      /needs about/,
      /^use a larger instance family/,
    );
  });

  test("on a CPU node, the node's memory bounds the model", () => {
    expectIssue(
      dev((c) => Object.assign(c.models[1], { source: { huggingFaceId: "Qwen/Qwen3-4B" }, name: "QWEN_CPU" })),
      "llmstack:models[1].snowflake.pool",
      /but 6 GiB of memory on CPU_X64_XS leaves 5\.4 GiB usable/,
    );
  });

  test("GPUs: none asked of a CPU pool, at most the node's", () => {
    expectIssue(dev((c) => (c.models[1].snowflake.gpus = 1)), "llmstack:models[1].snowflake.gpus", /pool CPU_XS is CPU_X64_XS, which has no GPU, but 1 GPU\(s\) were asked for/);
    expectValid(dev((c) => (c.models[1].snowflake.gpus = 0)));
    expectIssue(dev((c) => (c.models[0].snowflake.gpus = 2)), "llmstack:models[0].snowflake.gpus", /GPU_NV_S nodes have 1 GPU\(s\), 2 asked for/, /use at most 1/);
    expectValid(dev((c) => (c.models[0].snowflake.gpus = 1)));
  });

  test("a quantization the pool's GPU cannot run is refused at the quantization", () => {
    // FP8 for a mixture of experts needs compute capability 8.9; the A10G has 8.6. A dense model's FP8 runs weight-only.
    const moe = (c: Record<string, any>) => Object.assign(c.models[0], { source: { huggingFaceId: "Qwen/Qwen3-30B-A3B" }, maxContextLength: 4096 });
    expectIssue(dev((c) => (moe(c), (c.models[0].quantization = "fp8"))), "llmstack:models[0].quantization", /Qwen\/Qwen3-30B-A3B-FP8 on GPU_NV_S \(A10G\): FP8 for a mixture-of-experts model needs/, /^use another quantization/);
    expect(issues(dev((c) => (c.models[0].quantization = "fp8"))).map((i) => i.path)).not.toContain("llmstack:models[0].quantization");
  });

  test("a model's native quantization the GPU cannot run is refused at the pool", () => {
    // gpt-oss ships MXFP4 weights (Marlin needs compute capability 8.0); a T4 (GPU_NV_XS, Azure) has 7.5.
    expectIssue(
      dev((c) => {
        c.snowflake.cloud = "azure";
        c.snowflake.computePools.GPU_S.instanceFamily = "GPU_NV_XS";
        Object.assign(c.models[0], { source: { huggingFaceId: "openai/gpt-oss-20b" }, maxContextLength: 4096 });
      }),
      "llmstack:models[0].snowflake.pool",
      /openai\/gpt-oss-20b on GPU_NV_XS \(T4\): MXFP4/,
      /^use a GPU family with a newer GPU/,
    );
  });

  test("a GPU pool holds every model on it at its maximum instances", () => {
    expectIssue(
      dev((c) => (c.models[0].snowflake.maxInstances = 2)),
      "llmstack:snowflake.computePools.GPU_S.maxNodes",
      /models QWEN need 2 GPU\(s\) at their maximum instances but the pool has 1 \(1 × 1\)/,
      /raise maxNodes to 2/,
    );
    expectValid(dev((c) => Object.assign(c.models[0].snowflake, { minInstances: 2, maxInstances: 2 }, (c.snowflake.computePools.GPU_S.maxNodes = 2))));
    // Without maxInstances, minInstances is the count; without maxNodes, minNodes.
    expectIssue(
      dev((c) => {
        c.models[0].snowflake.minInstances = 2;
        delete c.snowflake.computePools.GPU_S.maxNodes;
      }),
      "llmstack:snowflake.computePools.GPU_S.maxNodes",
      /need 2 GPU\(s\).*pool has 1 \(1 × 1\)/,
    );
  });

  test("instances: max equal to min is fine, below is not", () => {
    expectValid(dev((c) => Object.assign(c.models[1].snowflake, { minInstances: 2, maxInstances: 2 })));
    expectIssue(dev((c) => Object.assign(c.models[1].snowflake, { minInstances: 2, maxInstances: 1 })), "llmstack:models[1].snowflake.maxInstances", /maxInstances 1 is below minInstances 2/);
  });

  test("auto-suspend: the hint depends on the public endpoint", () => {
    expectIssue(dev((c) => (c.models[0].snowflake.autoSuspendSecs = 100)), "llmstack:models[0].snowflake.autoSuspendSecs", /300/, /^use 0 or 300 or more/);
    expectIssue(dev((c) => (c.models[1].snowflake.autoSuspendSecs = 600)), "llmstack:models[1].snowflake.autoSuspendSecs", /public endpoint/, /^remove autoSuspendSecs/);
  });

  test("a model function's rows are bounded by the gateway's queue; a service function's are not", () => {
    expectIssue(dev((c) => (c.models[0].snowflake.function.maxBatchRows = 513)), "llmstack:models[0].snowflake.function.maxBatchRows", /MAX_BATCH_ROWS 513 is more than/, /^use at most 512;/);
    expectValid(dev((c) => (c.models[0].snowflake.function.maxBatchRows = 512)));
    expectValid(withFilter((c) => (c.snowflake.services.FILTER.functions[0].maxBatchRows = 10_000)));
    expectIssue(withFilter((c) => (c.snowflake.services.FILTER.functions[0].batchTimeoutSecs = 604801)), "llmstack:snowflake.services.FILTER.functions[0].batchTimeoutSecs", /604800/);
  });
});

describe("egress", () => {
  test("a hub download needs the hub's Xet and CDN hosts, listed by what is missing", () => {
    expectIssue(
      dev((c) => (c.snowflake.egress.HUGGINGFACE = ["huggingface.co:443"])),
      "llmstack:models[0].snowflake.egress",
      /egress lists \(HUGGINGFACE\) do not allow cas-server\.xethub\.hf\.co:443, .*cdn-lfs-eu-1\.hf\.co:443$/,
    );
  });

  test("a model's own egress lists are the ones looked at, and an empty choice says none", () => {
    const all = issues(dev((c) => (c.models[0].snowflake.egress = [])));
    expect(all.filter((i) => i.path === "llmstack:models[0].snowflake.egress").map((i) => i.message)).toEqual([expect.stringMatching(/egress lists \(none\) do not allow huggingface\.co:443/)]);
    expectValid(
      dev((c) => {
        c.snowflake.egress.OTHER = ["example.com:443"];
        c.models[0].snowflake.egress = ["HUGGINGFACE"];
      }),
    );
    expectIssue(
      dev((c) => {
        c.snowflake.egress.OTHER = ["example.com:443"];
        c.models[0].snowflake.egress = ["OTHER"];
      }),
      "llmstack:models[0].snowflake.egress",
      /egress lists \(OTHER\) do not allow/,
    );
  });

  test("a mirror must be reachable; then the hub's hosts are not needed", () => {
    expectValid(
      dev((c) => {
        c.snowflake.egress.MIRROR = ["hf-mirror.example.com:443"];
        c.models[0].source.mirrorEndpoint = "https://hf-mirror.example.com";
        c.models[0].snowflake.egress = ["MIRROR"];
      }),
    );
    expectIssue(
      dev((c) => (c.models[0].source.mirrorEndpoint = "https://hf-mirror.example.com")),
      "llmstack:models[0].snowflake.egress",
      /downloads Qwen\/Qwen2\.5-1\.5B-Instruct from hf-mirror\.example\.com but none of its egress lists \(HUGGINGFACE\) allows hf-mirror\.example\.com:443/,
    );
  });

  test("services and jobs may only name defined egress lists", () => {
    expectIssue(withFilter((c) => (c.snowflake.services.FILTER.egress = ["HUGGINGFACE", "PYPI"])), "llmstack:snowflake.services.FILTER.egress[1]", /egress list PYPI is not defined/, /defined: HUGGINGFACE/);
    expectIssue(withFilter((c) => (c.snowflake.jobs.NEWS.egress = ["PYPI"])), "llmstack:snowflake.jobs.NEWS.egress[0]", /egress list PYPI is not defined/);
    expectValid(withFilter((c) => (c.snowflake.jobs.NEWS.egress = ["HUGGINGFACE"])));
  });
});

describe("names shared across models, services, jobs and functions", () => {
  test("a generic service or job cannot take a model's service name, nor each other's", () => {
    expectIssue(withFilter((c) => (c.snowflake.services = { QWEN_SERVICE: structuredClone(FILTER) })), "llmstack:snowflake.services.QWEN_SERVICE", /service QWEN_SERVICE is defined twice \(also by models\.0\.snowflake\)/);
    expectIssue(withFilter((c) => (c.snowflake.jobs = { FILTER: structuredClone(JOB) })), "llmstack:snowflake.jobs.FILTER", /service FILTER is defined twice \(also by snowflake\.services\.FILTER\)/);
  });

  test("function names are unique, defaults included (COMPLETE for chat, EMBED for embeddings)", () => {
    const clash = (name: string, mutate: (c: Record<string, any>) => void = () => {}) =>
      withFilter((c) => {
        delete c.models[0].snowflake.function.name;
        delete c.models[1].snowflake.function.name;
        c.snowflake.services.FILTER.functions[0].name = name;
        mutate(c);
      });
    expectIssue(clash("QWEN_COMPLETE"), "llmstack:snowflake.services.FILTER.functions[0].name", /function QWEN_COMPLETE is defined twice \(also at models\.0\.snowflake\.function\.name\)/);
    expectIssue(clash("MINILM_EMBED"), "llmstack:snowflake.services.FILTER.functions[0].name", /function MINILM_EMBED is defined twice/);
    expectValid(clash("QWEN_EMBED"));
    // A model without a function claims no name.
    expectValid(clash("QWEN_COMPLETE", (c) => (c.models[0].snowflake.function = false)));
  });

  test("a service function must call an endpoint the service declares", () => {
    expectIssue(withFilter((c) => (c.snowflake.services.FILTER.functions[0].endpoint = "nope")), "llmstack:snowflake.services.FILTER.functions[0].endpoint", /endpoint nope is not declared by the service/, /use one of: api/);
  });

  test("services and jobs must name a defined pool, listing those there are", () => {
    expectIssue(withFilter((c) => (c.snowflake.services.FILTER.pool = "NOPE")), "llmstack:snowflake.services.FILTER.pool", /compute pool NOPE is not defined/, /use one of: GPU_S, CPU_XS/);
    expectIssue(withFilter((c) => (c.snowflake.jobs.NEWS.pool = "NOPE")), "llmstack:snowflake.jobs.NEWS.pool", /compute pool NOPE is not defined/);
  });

  test("a service's instances and auto-suspend are checked like a model's", () => {
    expectIssue(withFilter((c) => Object.assign(c.snowflake.services.FILTER, { minInstances: 2, maxInstances: 1 })), "llmstack:snowflake.services.FILTER.maxInstances", /below minInstances 2/);
    expectIssue(withFilter((c) => Object.assign(c.snowflake.services.FILTER, { autoSuspendSecs: 600, endpoints: [{ name: "api", port: 8000, public: true }] })), "llmstack:snowflake.services.FILTER.autoSuspendSecs", /public endpoint/);
    expectValid(withFilter((c) => Object.assign(c.snowflake.services.FILTER, { autoSuspendSecs: 600 })));
  });
});

describe("found by mutation testing (npm run test:mutation -- rules)", () => {
  /** Only the field's own issue at `path`: the cross-field rules do not repeat it as "undefined". */
  const onlyFieldIssue = (raw: unknown, path: string) => {
    const all = issues(raw);
    expect(all.map((i) => i.path)).toEqual([path]);
    expect(formatIssues(all)).not.toMatch(/undefined|\[object Object\]|NaN/);
  };

  test("a value of the wrong type is reported once, by its field", () => {
    onlyFieldIssue(withFilter((c) => (c.snowflake.services.FILTER.pool = 5)), "llmstack:snowflake.services.FILTER.pool");
    onlyFieldIssue(dev((c) => (c.snowflake.cloud = 5)), "llmstack:snowflake.cloud");
    onlyFieldIssue(withFilter((c) => (c.snowflake.services.FILTER.functions[0].endpoint = 5)), "llmstack:snowflake.services.FILTER.functions[0].endpoint");
    const twoBadNames = issues(
      withFilter((c) => c.snowflake.services.FILTER.functions.push({ ...c.snowflake.services.FILTER.functions[0], name: 7 }, { ...c.snowflake.services.FILTER.functions[0], name: 8 })),
    );
    expect(twoBadNames.map((i) => i.path)).toEqual(["llmstack:snowflake.services.FILTER.functions[1].name", "llmstack:snowflake.services.FILTER.functions[2].name"]);
    expectIssue(dev((c) => (delete c.models[1].snowflake, (c.models[1].name = 5))), "llmstack:models[1]", /^model models\[1\] is placed nowhere/);
  });

  test("a Snowflake stack without models deploys something", () => {
    expectValid(withFilter((c) => (c.models = [])));
  });

  test("one model on Snowflake is enough to need a registry user", () => {
    const all = issues(dev((c) => (delete c.images.registryUser, delete c.models[1].snowflake)));
    expect(all.map((i) => i.path).sort()).toEqual(["llmstack:images.registryUser", "llmstack:models[1]"]);
  });

  test("a mirror reached through one of a model's several lists is reachable", () => {
    expectValid(
      dev((c) => {
        c.snowflake.egress.MIRROR = ["hf-mirror.example.com:443"];
        c.models[0].source.mirrorEndpoint = "https://hf-mirror.example.com";
        c.models[0].snowflake.egress = ["HUGGINGFACE", "MIRROR"];
      }),
    );
  });

  test("the hub-hosts hint names every host", () => {
    expectIssue(
      dev((c) => (c.snowflake.egress.HUGGINGFACE = ["huggingface.co:443"])),
      "llmstack:models[0].snowflake.egress",
      /Xet and CDN hosts/,
      /or name every host: huggingface\.co, cas-server\.xethub\.hf\.co, transfer\.xethub\.hf\.co, cdn-lfs-us-1\.hf\.co, cdn-lfs-eu-1\.hf\.co\)$/,
    );
  });

  test("a model outside the catalog, sized by its architecture, must fit too", () => {
    expectIssue(
      dev((c) => Object.assign(c.models[0], { source: { huggingFaceId: "acme/big" }, task: "chat", maxContextLength: 8192, architecture: { parametersB: 70, layers: 80, kvHeads: 8, headDim: 128, maxContextLength: 8192 } })),
      "llmstack:models[0].snowflake.pool",
      /acme\/big needs about .* GiB/,
    );
  });

  test("GPU demand counts every GPU of every instance against GPUs per node times nodes", () => {
    // GPU_NV_M: 4 A10G per node. 3 instances × 2 GPUs = 6 > 1 node × 4.
    expectIssue(
      dev((c) => {
        c.snowflake.computePools.GPU_S.instanceFamily = "GPU_NV_M";
        Object.assign(c.models[0].snowflake, { gpus: 2, maxInstances: 3 });
      }),
      "llmstack:snowflake.computePools.GPU_S.maxNodes",
      /models QWEN need 6 GPU\(s\) at their maximum instances but the pool has 4 \(1 × 4\)/,
      /^raise maxNodes to 2 /,
    );
    expectValid(
      dev((c) => {
        c.snowflake.computePools.GPU_S.instanceFamily = "GPU_NV_M";
        Object.assign(c.models[0].snowflake, { gpus: 2, minInstances: 2, maxInstances: 2 });
      }),
    );
  });

  test("one public endpoint among several is enough to refuse auto-suspend", () => {
    expectIssue(
      withFilter((c) => Object.assign(c.snowflake.services.FILTER, { autoSuspendSecs: 600, endpoints: [{ name: "api", port: 8000 }, { name: "ui", port: 8080, public: true }] })),
      "llmstack:snowflake.services.FILTER.autoSuspendSecs",
      /public endpoint/,
    );
  });
});

test("a model service's block-volume weight cache needs minInstances = maxInstances, as Snowflake requires", () => {
  // block-storage-volume, "Guidelines and limitations"; the provider's check says it, at the config field.
  expectIssue(
    dev((c) => Object.assign(c.models[0].snowflake, { minInstances: 1, maxInstances: 2 }, (c.snowflake.computePools.GPU_S.maxNodes = 2))),
    "llmstack:models[0].snowflake.maxInstances",
    /block storage volume must have maxInstances equal to minInstances \(1\), got 2/,
  );
});
