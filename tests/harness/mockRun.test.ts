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

test("URNs are the engine's: a grandchild's type is qualified with every ancestor's (the stack's excepted)", async () => {
  class Shelf extends pulumi.ComponentResource {
    constructor(name: string) {
      super("test:index:Shelf", name, {});
      new Box(`${name}-box`, "s", { parent: this });
    }
  }
  const run = await mockRun(() => void new Shelf("shelf"));
  const urns = run.resources.map((r) => r.urn).sort();
  // As `pulumi stack export` records them (pulumi v3.274.1; @pulumi/pulumi resource.js createUrn builds the same).
  expect(urns).toEqual([
    "urn:pulumi:dev::llmstack::test:index:Shelf$test:index:Box$test:index:Thing::shelf-box-a",
    "urn:pulumi:dev::llmstack::test:index:Shelf$test:index:Box$test:index:Thing::shelf-box-b",
    "urn:pulumi:dev::llmstack::test:index:Shelf$test:index:Box::shelf-box",
    "urn:pulumi:dev::llmstack::test:index:Shelf::shelf",
  ]);
});
