/**
 * The `pulumi-resource-llmstack` plugin driven over gRPC the way the Pulumi engine drives it: spawn
 * `provider/bin/pulumi-resource-llmstack` (needs `npm run build`), read the port it prints, then
 * Configure / Check / Diff / Create / Read / Update / Delete with pulumirpc messages
 * (@pulumi/pulumi/proto/provider_pb). Secrets travel as secret-signature objects, as the engine
 * sends them (provider/configure.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { SPCS_TYPES, type SpcsKind } from "../../provider/resources";

const PLUGIN = join("provider", "bin", "pulumi-resource-llmstack");
/** The repository root (this file also runs compiled, from dist/tests/acceptance). */
function repoRoot(from = __dirname): string {
  for (let d = from; d !== dirname(d); d = dirname(d)) if (existsSync(join(d, PLUGIN))) return d;
  throw new Error(`cannot find ${PLUGIN} above ${from}`);
}
export const secret = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
export const urnOf = (kind: SpcsKind, name: string) => `urn:pulumi:acceptance::llmstack::${SPCS_TYPES[kind]}::${name}`;

type Props = Record<string, any>;
const struct = (v: Props) => Struct.fromJavaScript(v as any);

export class PluginClient {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
    readonly stderr: string[],
  ) {}

  /** Starts the plugin with `env` added to this process's environment. */
  static async start(env: Record<string, string | undefined> = {}): Promise<PluginClient> {
    const child = spawn(join(repoRoot(), PLUGIN), [], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const stderr: string[] = [];
    child.stderr!.on("data", (d) => stderr.push(String(d)));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d) => {
        out += String(d);
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`plugin exited with ${code}: ${stderr.join("")}`)));
      child.on("error", reject);
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new PluginClient(child, client, stderr);
  }

  private call<Req, Res>(method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      (this.client as any)[method](req, { deadline: Date.now() + 30 * 60_000 }, (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res)));
    });
  }

  async configure(args: Props): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(struct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    await this.call("configure", req);
  }

  async check(kind: SpcsKind, name: string, news: Props, olds: Props = {}): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urnOf(kind, name));
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
    return { inputs: res.getInputs()?.toJavaScript() ?? {}, failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
  }

  async create(kind: SpcsKind, name: string, inputs: Props): Promise<{ id: string; outs: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urnOf(kind, name));
    req.setProperties(struct(inputs));
    const res = await this.call<provproto.CreateRequest, provproto.CreateResponse>("create", req);
    return { id: res.getId(), outs: res.getProperties()?.toJavaScript() ?? {} };
  }

  async read(kind: SpcsKind, name: string, id: string, props: Props): Promise<{ id: string; outs?: Props; inputs?: Props }> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(urnOf(kind, name));
    req.setProperties(struct(props));
    const res = await this.call<provproto.ReadRequest, provproto.ReadResponse>("read", req);
    return { id: res.getId(), outs: res.getProperties()?.toJavaScript(), inputs: res.getInputs()?.toJavaScript() };
  }

  async diff(kind: SpcsKind, name: string, id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[] }> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(urnOf(kind, name));
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
    return { changes: res.getChanges() === provproto.DiffResponse.DiffChanges.DIFF_SOME, replaces: res.getReplacesList() };
  }

  async update(kind: SpcsKind, name: string, id: string, olds: Props, news: Props): Promise<Props> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(urnOf(kind, name));
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>("update", req);
    return res.getProperties()?.toJavaScript() ?? {};
  }

  async delete(kind: SpcsKind, name: string, id: string, props: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setUrn(urnOf(kind, name));
    req.setProperties(struct(props));
    await this.call("delete", req);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await exited;
  }
}
