import * as pulumi from "@pulumi/pulumi";
import { mockRun, isSecretValue } from "../../tools/mockRun";

class Thing extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super("test:index:Thing", name, props, opts);
  }
}

class Box extends pulumi.ComponentResource {
  readonly child: Thing;
  constructor(name: string, secret: pulumi.Input<string>, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Box", name, {}, opts);
    const first = new Thing(`${name}-a`, { token: secret, size: 1 }, { parent: this, protect: true });
    this.child = new Thing(`${name}-b`, { other: first.id }, { parent: this, retainOnDelete: true, dependsOn: [first] });
    this.registerOutputs({ childId: this.child.id });
  }
}

test("records parent, dependencies, options and masks secrets", async () => {
  const run = await mockRun(() => {
    const b = new Box("box", pulumi.secret("hf_abcdefghijklmnopqrstuvwxyz"));
    return { id: b.child.id, secret: pulumi.secret("x") };
  });
  const byName = new Map(run.resources.map((r) => [r.name, r]));
  const box = byName.get("box")!;
  const a = byName.get("box-a")!;
  const b = byName.get("box-b")!;
  expect(a.parent).toBe(box.urn);
  expect(a.protect).toBe(true);
  expect(isSecretValue(a.inputs.token)).toBe(true);
  expect(JSON.stringify(run.resources)).not.toContain("hf_abc");
  expect(b.retainOnDelete).toBe(true);
  expect(b.dependencies).toContain(a.urn);
  expect(run.exports).toEqual({ id: "box-b-id", secret: "[secret]" });
  expect(box.outputs).toEqual({ childId: "box-b-id" });
});

class Crate extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Crate", name, {}, opts);
    new Box(`${name}-box`, "s", { parent: this });
    this.registerOutputs({});
  }
}

test("URNs are the engine's: a grandchild's type is qualified by every ancestor's, as createUrn computes it", async () => {
  let expected: pulumi.Output<string> | undefined;
  const run = await mockRun(
    () => {
      const c = new Crate("crate");
      // The SDK's own URN rule (what aliases are matched with), from the child's parent URN.
      const box = new Box("other", "s", { parent: c });
      expected = pulumi.createUrn("other-a", "test:index:Thing", box.urn, "llmstack", "dev");
      return {};
    },
    { stack: "dev" },
  );
  const urn = run.resources.find((r) => r.name === "crate-box-a")!.urn;
  expect(urn).toBe("urn:pulumi:dev::llmstack::test:index:Crate$test:index:Box$test:index:Thing::crate-box-a");
  // Top-level resources carry no stack prefix.
  expect(run.resources.find((r) => r.name === "crate")!.urn).toBe("urn:pulumi:dev::llmstack::test:index:Crate::crate");
  const fromSdk = await new Promise<string>((resolve) => expected!.apply(resolve));
  expect(run.resources.find((r) => r.name === "other-a")!.urn).toBe(fromSdk);
});
