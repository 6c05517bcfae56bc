/**
 * `npm run bench:gateway`: the SQL gateway against a simulated OpenAI-compatible model server, measured in
 * one run, side by side with the seed's way (one row per request, sequential) and with calling the
 * simulator directly at the same concurrency.
 *
 * Four processes on loopback (127.0.0.1) only: this one (the clients), the simulator, the gateway, and a bare
 * proxy. The simulator answers each request after a latency fixed by its prompt (50–200 ms), serving at most 64
 * at once and queueing the rest FIFO, like a model server's continuous batching at capacity. It writes its own
 * arrival-to-answer time into the reply, so every client can subtract it and measure the overhead of what is
 * between it and the simulator without timer noise. Request counts are bounded and the run stops itself.
 *
 * The bare proxy (node:http in, node:http out, no validation, limits or retries) is a reference, not a
 * contender: its added latency is what any extra HTTP hop costs on this machine, so the gateway's own share
 * is the difference between the two.
 *
 * Latency is measured in steady state: the concurrent clients start spread over one mean simulator latency,
 * so requests arrive at the rate they keep up afterwards. Starting all 64 at the same instant would measure
 * a start-up burst of 64 one-row requests in one millisecond, which Snowflake never sends (it would send
 * them as one batch), and it would dominate the p99 of every 1,000-row chunk.
 *
 * Env: BENCH_ROWS (default 10000) for a quicker look; BENCH_DEBUG=1 prints the p99 overheads per chunk.
 */
import { ChildProcess, fork } from "node:child_process";
import http from "node:http";
import { AddressInfo } from "node:net";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { GATEWAY_ROUTES, SERVICE_FUNCTION_DEFAULTS, GATEWAY_LIMITS } from "../services/gateway/src/limits";

/** Rows per measured run (`BENCH_ROWS` overrides, for a quick look; the README figures use the default). */
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
/** Rows measured the seed's way; its rate is extrapolated (it would take ~20 minutes for 10,000). */
const SEED_SAMPLE_ROWS = 80;
/** Rows per alternating chunk of the direct and 1-row-per-request gateway runs. */
const CHUNK_ROWS = 1_000;
const SIM_SLOTS = 64;
const SIM_MIN_MS = 50;
const SIM_MAX_MS = 200;
/** The gateway's and the direct clients' concurrency: the simulator's capacity. */
const CONCURRENCY = GATEWAY_LIMITS.maxConcurrency;
const BATCH_ROWS = SERVICE_FUNCTION_DEFAULTS.maxBatchRows;
/** Batches Snowflake keeps in flight at once in the batched run (warehouse threads; fills the gateway's queue). */
const BATCHES_IN_FLIGHT = Math.floor(GATEWAY_LIMITS.maxQueuedRows / BATCH_ROWS);
/** Hard limits: the simulator refuses requests past this count, and everything stops after this long. */
const SIM_MAX_REQUESTS = 60_000;
const RUN_LIMIT_MS = 8 * 60_000;

type Role = "sim" | "gateway" | "proxy" | "client";

// ---------------------------------------------------------------- child processes

/** What a child reports when stopped: its CPU time and event-loop delay, to see whether the machine was the limit. */
interface ChildStats {
  role: Role;
  cpuSeconds: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Gateway only: its own time per one-row batch (body received → answer written, minus the upstream call), ms. */
  ownMs?: { p50: number; p99: number; count: number };
}

/** On "stop": run `stop`, report {@link ChildStats} over IPC, exit. */
function onStop(role: Role, stop: (done: () => void) => void, extra: () => Partial<ChildStats> = () => ({})): void {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on("message", (m) => {
    if (m !== "stop") return;
    stop(() => {
      const cpu = process.cpuUsage();
      const stats: ChildStats = { role, cpuSeconds: (cpu.user + cpu.system) / 1e6, loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6, ...extra() };
      process.send?.(stats, () => process.exit(0));
    });
  });
  setTimeout(() => process.exit(3), RUN_LIMIT_MS).unref();
}

// ---------------------------------------------------------------- simulator (child process)

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function runSimulator(): void {
  let active = 0;
  let served = 0;
  const waiting: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const arrived = process.hrtime.bigint();
      if (req.url === "/health") return void res.end("{}");
      if (++served > SIM_MAX_REQUESTS) {
        res.writeHead(503).end('{"error":{"message":"simulator request budget spent"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { messages: Array<{ content: string }> };
      const prompt = body.messages[body.messages.length - 1].content;
      const latencyMs = SIM_MIN_MS + (fnv1a(prompt) % (SIM_MAX_MS - SIM_MIN_MS + 1));
      const start = () => {
        active++;
        setTimeout(() => {
          const serviceUs = Number((process.hrtime.bigint() - arrived) / 1000n);
          const reply = JSON.stringify({
            id: "sim",
            object: "chat.completion",
            choices: [{ index: 0, message: { role: "assistant", content: String(serviceUs) }, finish_reason: "stop" }],
          });
          res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(reply) });
          res.end(reply);
          active--;
          waiting.shift()?.();
        }, latencyMs);
      };
      if (active < SIM_SLOTS) start();
      else waiting.push(start);
    });
  });
  server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
  onStop("sim", (done) => {
    server.close();
    server.closeAllConnections();
    done();
  });
}

// ---------------------------------------------------------------- gateway (child process)

async function runGatewayProcess(): Promise<void> {
  const { createGateway } = await import("../services/gateway/src/server");
  const { createJsonLogger } = await import("../services/gateway/src/logger");
  const own: number[] = [];
  const gateway = createGateway({
    upstreamBaseUrl: process.env.SIM_URL,
    upstreamModel: "sim",
    logger: createJsonLogger("warn", (line) => process.stderr.write(line)),
    onBatch: (t) => t.rows === 1 && own.length < SIM_MAX_REQUESTS && own.push(t.ms - t.upstreamMsMax),
  });
  gateway.server.listen(0, "127.0.0.1", () => process.send?.({ port: (gateway.server.address() as AddressInfo).port }));
  onStop(
    "gateway",
    (done) => void gateway.close().then(done),
    () => ({ ownMs: { p50: percentile(own, 50), p99: percentile(own, 99), count: own.length } }),
  );
}

// ---------------------------------------------------------------- bare proxy (child process, reference)

/** One-row batches only, as the benchmark sends them: parse, one upstream call, answer. */
function runBareProxy(): void {
  const upstream = new URL(process.env.SIM_URL ?? "");
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 4 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const [[index, content]] = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { data: [number, string][] }).data;
      const body = JSON.stringify({ model: "sim", messages: [{ role: "user", content }], stream: false });
      const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
      http
        .request({ host: upstream.hostname, port: upstream.port, path: "/v1/chat/completions", method: "POST", agent, headers }, (up) => {
          const parts: Buffer[] = [];
          up.on("data", (c: Buffer) => parts.push(c));
          up.on("end", () => {
            const reply = (JSON.parse(Buffer.concat(parts).toString("utf8")) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;
            const out = JSON.stringify({ data: [[index, reply]] });
            res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(out) }).end(out);
          });
        })
        .end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
  onStop("proxy", (done) => {
    server.close();
    server.closeAllConnections();
    agent.destroy();
    done();
  });
}

// ---------------------------------------------------------------- clients (this process)

interface Sample {
  /** Client-observed latency, ms. */
  latencyMs: number;
  /** Client-observed latency minus the simulator's own time for that row, ms. */
  overheadMs: number;
}

interface RunResult {
  label: string;
  rows: number;
  seconds: number;
  samples: Sample[];
}

function post(agent: http.Agent, port: number, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 200) reject(new Error(`${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
          else resolve(text);
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const prompt = (i: number) => `row ${i}`;
const chatBody = (i: number) => JSON.stringify({ model: "sim", messages: [{ role: "user", content: prompt(i) }], stream: false });

/** Mean simulator latency: worker k of a steady-state run starts k × this / workers ms after the first. */
const SIM_MEAN_MS = (SIM_MIN_MS + SIM_MAX_MS) / 2;

/**
 * Runs `units` units with `workers` concurrent loops; `unit(i)` handles unit i and returns its samples.
 * `spreadMs`: the workers' starts are spread evenly over it (0: all at once).
 */
async function drive(label: string, rows: number, units: number, workers: number, unit: (i: number) => Promise<Sample[]>, spreadMs = 0): Promise<RunResult> {
  let next = 0;
  const samples: Sample[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, k) => {
      if (spreadMs > 0 && k > 0) await new Promise((resolve) => setTimeout(resolve, (k * spreadMs) / workers));
      while (next < units) samples.push(...(await unit(next++)));
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { label, rows, seconds, samples };
}

function timed(send: () => Promise<string>, value: (text: string) => unknown): Promise<Sample> {
  const t0 = process.hrtime.bigint();
  return send().then((text) => {
    const latencyMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const serviceUs = Number(value(text));
    if (!Number.isFinite(serviceUs)) throw new Error(`unexpected answer ${text.slice(0, 200)}`);
    return { latencyMs, overheadMs: latencyMs - serviceUs / 1000 };
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function startChild(role: Role, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(__filename, [role], { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve({ child, port: m.port }));
    child.once("exit", (code) => reject(new Error(`${role} exited early with code ${code}`)));
  });
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  const limit = setTimeout(() => {
    process.stderr.write(`bench:gateway: exceeded ${RUN_LIMIT_MS / 1000} s, stopping\n`);
    for (const c of children) c.kill();
    process.exit(1);
  }, RUN_LIMIT_MS);
  const loadBefore = os.loadavg()[0];
  try {
    const sim = await startChild("sim");
    children.push(sim.child);
    const gw = await startChild("gateway", { SIM_URL: `http://127.0.0.1:${sim.port}` });
    children.push(gw.child);
    const proxy = await startChild("proxy", { SIM_URL: `http://127.0.0.1:${sim.port}` });
    children.push(proxy.child);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const viaGateway = (rows: number[]) =>
      post(agent, gw.port, GATEWAY_ROUTES.complete, JSON.stringify({ data: rows.map((i, k) => [k, prompt(i)]) }));
    const viaProxy = (i: number) => post(agent, proxy.port, GATEWAY_ROUTES.complete, JSON.stringify({ data: [[0, prompt(i)]] }));
    const oneRowValue = (text: string) => (JSON.parse(text) as { data: [number, string][] }).data[0][1];
    const directValue = (text: string) => (JSON.parse(text) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;

    // Warm-up: open the keep-alive connections on both paths (rows outside the measured ranges).
    await drive("warm-up", 0, 2 * CONCURRENCY, CONCURRENCY, async (i) => [await timed(() => viaGateway([-1 - i]), oneRowValue)]);
    await drive("warm-up", 0, 2 * CONCURRENCY, CONCURRENCY, async (i) => [await timed(() => post(agent, sim.port, "/v1/chat/completions", chatBody(-1 - i)), directValue)]);
    await drive("warm-up", 0, 2 * CONCURRENCY, CONCURRENCY, async (i) => [await timed(() => viaProxy(-1 - i), oneRowValue)]);

    const seed = await drive(`seed's way: 1 row/request, sequential (${SEED_SAMPLE_ROWS}-row sample)`, SEED_SAMPLE_ROWS, SEED_SAMPLE_ROWS, 1, async (i) => [
      await timed(() => viaGateway([i]), oneRowValue),
    ]);
    // Direct, bare-proxy and gateway runs alternate in chunks, so that whatever else the machine is doing
    // weighs on all alike; each is the sum of its chunks. Their order rotates from chunk to chunk: in a
    // trial with two identical gateways in a fixed order, the second one's p99 trailed by 0.7–1.4 ms.
    const direct: RunResult = { label: `direct to simulator, ${CONCURRENCY} concurrent`, rows: 0, seconds: 0, samples: [] };
    const bare: RunResult = { label: `bare node:http proxy (reference), 1 row/request, ${CONCURRENCY} concurrent`, rows: 0, seconds: 0, samples: [] };
    const single: RunResult = { label: `gateway, 1 row/request, ${CONCURRENCY} concurrent`, rows: 0, seconds: 0, samples: [] };
    const cases: Array<[RunResult, (row: number) => Promise<Sample>]> = [
      [direct, (row) => timed(() => post(agent, sim.port, "/v1/chat/completions", chatBody(row)), directValue)],
      [bare, (row) => timed(() => viaProxy(row), oneRowValue)],
      [single, (row) => timed(() => viaGateway([row]), oneRowValue)],
    ];
    for (let from = 0, chunk = 0; from < ROWS; from += CHUNK_ROWS, chunk++) {
      const n = Math.min(CHUNK_ROWS, ROWS - from);
      const p99s: string[] = [];
      for (let k = 0; k < cases.length; k++) {
        const [total, send] = cases[(chunk + k) % cases.length];
        const part = await drive("", n, n, CONCURRENCY, async (i) => [await send(from + i)], SIM_MEAN_MS);
        total.rows += part.rows;
        total.seconds += part.seconds;
        total.samples.push(...part.samples);
        if (process.env.BENCH_DEBUG) p99s.push(`${total === single ? "gateway" : total === bare ? "bare proxy" : "direct"} ${percentile(part.samples.map((v) => v.overheadMs), 99).toFixed(2)} ms`);
      }
      if (process.env.BENCH_DEBUG) process.stderr.write(`chunk ${from}: p99 overhead ${p99s.join(", ")}, load ${os.loadavg()[0].toFixed(2)}\n`);
    }
    const batches = Math.ceil(ROWS / BATCH_ROWS);
    const batched = await drive(`gateway, batches of ${BATCH_ROWS}, ${BATCHES_IN_FLIGHT} in flight`, ROWS, batches, BATCHES_IN_FLIGHT, async (b) => {
      const rows = Array.from({ length: Math.min(BATCH_ROWS, ROWS - b * BATCH_ROWS) }, (_, k) => b * BATCH_ROWS + k);
      const t0 = process.hrtime.bigint();
      const text = await viaGateway(rows);
      const latencyMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const data = (JSON.parse(text) as { data: [number, string][] }).data;
      if (data.length !== rows.length || data.some(([k, v], j) => k !== j || !Number.isFinite(Number(v)))) throw new Error("batched run: wrong answer");
      return [{ latencyMs, overheadMs: NaN }];
    });

    agent.destroy();
    const stats = await Promise.all(
      children.map(
        (c) =>
          new Promise<ChildStats>((resolve) => {
            c.on("message", (m: ChildStats) => m.role && resolve(m));
            c.send("stop");
          }),
      ),
    );
    const clientCpu = process.cpuUsage();
    stats.push({ role: "client" as Role, cpuSeconds: (clientCpu.user + clientCpu.system) / 1e6, loopDelayP99Ms: NaN, loopDelayMaxMs: NaN });

    report([seed, direct, bare, single, batched], { seed, direct, bare, single, batched }, stats, [loadBefore, os.loadavg()[0]]);
  } catch (e) {
    for (const c of children) c.kill();
    throw e;
  } finally {
    clearTimeout(limit);
  }
}

function report(runs: RunResult[], r: Record<"seed" | "direct" | "bare" | "single" | "batched", RunResult>, stats: ChildStats[], load: [number, number]): void {
  const rate = (x: RunResult) => x.rows / x.seconds;
  const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "–");
  const pct = (x: RunResult, p: number, key: keyof Sample) => percentile(x.samples.map((s) => s[key]), p);
  const lines: string[] = [];
  lines.push(`Simulated model server: ${SIM_SLOTS} slots, ${SIM_MIN_MS}–${SIM_MAX_MS} ms per request (fixed by prompt), FIFO queue beyond; loopback.`);
  lines.push(`Gateway defaults: maxConcurrency ${CONCURRENCY}, maxQueuedRows ${GATEWAY_LIMITS.maxQueuedRows}; MAX_BATCH_ROWS ${BATCH_ROWS}.`);
  lines.push("");
  lines.push("| run | rows | seconds | rows/s | p50 latency ms | p99 latency ms | p50 overhead ms | p99 overhead ms |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const x of runs) {
    const batched = x === r.batched;
    lines.push(
      `| ${x.label}${batched ? " (latency per batch)" : ""} | ${x.rows} | ${fmt(x.seconds, 2)} | ${fmt(rate(x))} | ${fmt(pct(x, 50, "latencyMs"))} | ${fmt(pct(x, 99, "latencyMs"))} | ${batched ? "–" : fmt(pct(x, 50, "overheadMs"), 2)} | ${batched ? "–" : fmt(pct(x, 99, "overheadMs"), 2)} |`,
    );
  }
  const added50 = pct(r.single, 50, "overheadMs") - pct(r.direct, 50, "overheadMs");
  const added99 = pct(r.single, 99, "overheadMs") - pct(r.direct, 99, "overheadMs");
  const bare50 = pct(r.bare, 50, "overheadMs") - pct(r.direct, 50, "overheadMs");
  const bare99 = pct(r.bare, 99, "overheadMs") - pct(r.direct, 99, "overheadMs");
  const vsSeed = rate(r.batched) / rate(r.seed);
  const vsDirect = rate(r.batched) / rate(r.direct);
  const singleVsDirect = rate(r.single) / rate(r.direct);
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  lines.push("");
  lines.push("| ratio | value | target |");
  lines.push("|---|---:|---|");
  lines.push(`| gateway (batched) vs seed's way, rows/s | ${fmt(vsSeed)}x | ≥ 20x: ${verdict(vsSeed >= 20)} |`);
  lines.push(`| gateway (batched) vs direct, rows/s | ${fmt(vsDirect, 3)}x | ≥ 0.9x: ${verdict(vsDirect >= 0.9)} |`);
  lines.push(`| gateway (1 row/request) vs direct, rows/s | ${fmt(singleVsDirect, 3)}x | ≥ 0.9x: ${verdict(singleVsDirect >= 0.9)} |`);
  lines.push(`| added latency per row, p50 (gateway − direct overhead) | ${fmt(added50, 2)} ms | |`);
  lines.push(`| added latency per row, p99 (gateway − direct overhead) | ${fmt(added99, 2)} ms | < 2 ms: ${verdict(added99 < 2)} |`);
  lines.push(`| reference: added latency of a bare node:http proxy, p50 / p99 | ${fmt(bare50, 2)} / ${fmt(bare99, 2)} ms | |`);
  const own = stats.find((st) => st.ownMs)?.ownMs;
  if (own) lines.push(`| gateway's own time per row, inside its process, p50 / p99 (${own.count} one-row batches) | ${fmt(own.p50, 2)} / ${fmt(own.p99, 2)} ms | |`);
  lines.push("");
  const total = runs.reduce((t, x) => t + x.seconds, 0);
  lines.push(
    `Processes over the ${fmt(total, 0)} s measured: ${stats.map((st) => `${st.role} ${fmt(st.cpuSeconds)} s CPU${Number.isFinite(st.loopDelayP99Ms) ? ` (event-loop delay p99 ${fmt(st.loopDelayP99Ms)} ms, max ${fmt(st.loopDelayMaxMs)} ms)` : ""}`).join(", ")}; ${os.cpus().length} CPUs, 1-minute load average ${fmt(load[0], 2)} before and ${fmt(load[1], 2)} after.`,
  );
  lines.push(
    `Overhead = client-observed latency − the simulator's own arrival-to-answer time for that row. The seed's rate is measured on ${SEED_SAMPLE_ROWS} rows through the gateway, one at a time, and extrapolated.`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

const role = process.argv[2] as Role | undefined;
if (role === "sim") runSimulator();
else if (role === "gateway") void runGatewayProcess();
else if (role === "proxy") runBareProxy();
else
  main().catch((e: unknown) => {
    process.stderr.write(`bench:gateway failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
