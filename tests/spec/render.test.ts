import { createHash } from "crypto";
import { normalizeSpecification, parseSpecification, renderSpecification, specDigest, validateSpecification } from "../../provider/spec";
import type { ServiceSpecification } from "../../provider/resources";
import { fixture, fullSpec } from "./fixtures/specs";

/** The same data with every object's keys in reverse insertion order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
}

describe("renderSpecification", () => {
  test("does not depend on the key order of its input", () => {
    expect(renderSpecification(reverseKeys(fullSpec()))).toBe(renderSpecification(fullSpec()));
  });

  test("writes keys in the reference's order (spec, capabilities, serviceRoles; name/image first)", () => {
    // The golden file was reviewed against the general syntax block of the specification reference.
    expect(renderSpecification(reverseKeys(fullSpec()))).toBe(fixture("full-spec.rendered.yaml"));
  });

  test("omits undefined fields and sorts env names", () => {
    const spec: ServiceSpecification = {
      spec: { containers: [{ name: "a", image: "/d/s/r/i:1", command: undefined, env: { ZED: "1", ALPHA: "2" } }], endpoints: undefined },
      serviceRoles: undefined,
    };
    expect(renderSpecification(spec)).toBe(
      ["spec:", "  containers:", "    - name: a", "      image: /d/s/r/i:1", "      env:", '        ALPHA: "2"', '        ZED: "1"', ""].join("\n"),
    );
  });

  test.each([
    // [value given, YAML text expected]: env values stay strings whatever YAML 1.1 or 1.2 would make of them.
    [8000, '"8000"'],
    [true, '"true"'],
    ["8000", '"8000"'],
    ["on", '"on"'], // YAML 1.1 boolean
    ["yes", '"yes"'],
    ["1:20", '"1:20"'], // YAML 1.1 sexagesimal
    ["017", '"017"'], // YAML 1.1 octal
    ["0x1F", '"0x1F"'],
    ["1e3", '"1e3"'],
    ["null", '"null"'],
    ["~", '"~"'],
    ["", '""'],
    ["a: b", '"a: b"'],
    ["Qwen/Qwen2.5-1.5B-Instruct", "Qwen/Qwen2.5-1.5B-Instruct"],
    ["https://hf-mirror.com", "https://hf-mirror.com"],
  ])("env value %p is written as %s", (value, yaml) => {
    const text = renderSpecification({ spec: { containers: [{ name: "a", image: "/d/s/r/i:1", env: { V: value } }] } });
    expect(text).toContain(`\n        V: ${yaml}\n`);
    expect((parseSpecification(text) as ServiceSpecification).spec.containers[0].env!.V).toBe(String(value));
  });

  test("writes sessionTokenConfig.permission quoted, as the reference requires (an unquoted 0600 is an integer)", () => {
    const text = renderSpecification({ spec: { containers: [{ name: "a", image: "/d/s/r/i:1", sessionTokenConfig: { path: "/t", permission: "0600" } }] } });
    expect(text).toContain('permission: "0600"');
    expect((parseSpecification(text) as ServiceSpecification).spec.containers[0].sessionTokenConfig!.permission).toBe("0600");
  });

  test("quotes map keys YAML 1.1 would read as booleans", () => {
    const text = renderSpecification({ spec: { containers: [{ name: "a", image: "/d/s/r/i:1", env: { on: "x" } }] } });
    expect(text).toContain('"on": x');
  });

  test("writes no anchors or aliases for shared objects, and never folds long lines", () => {
    const shared = ["api"];
    const long = "--chat-template=" + "x".repeat(300);
    const spec = fullSpec();
    spec.serviceRoles = [
      { name: "a", endpoints: shared },
      { name: "b", endpoints: shared },
    ];
    spec.spec.containers[0].args = [long];
    const text = renderSpecification(spec);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text).toContain(`- ${long}\n`);
  });

  test("round-trips through parseSpecification", () => {
    const text = renderSpecification(fullSpec());
    const parsed = parseSpecification(text);
    expect(parsed).toEqual(normalizeSpecification(fullSpec()));
    expect(renderSpecification(parsed as ServiceSpecification)).toBe(text);
    expect(validateSpecification(parsed)).toEqual([]);
  });

  test("re-renders a seed spec read back from YAML to the same digest every time", () => {
    const parsed = parseSpecification(fixture("seed003-filter-service.yaml")) as ServiceSpecification;
    const text = renderSpecification(parsed);
    expect(text).toContain('SERVER_PORT: "8000"');
    expect(specDigest(renderSpecification(parseSpecification(text) as ServiceSpecification))).toBe(specDigest(text));
  });
});

describe("specDigest", () => {
  test("is the sha256 hex of the text", () => {
    expect(specDigest("spec: {}\n")).toBe(createHash("sha256").update("spec: {}\n").digest("hex"));
    expect(specDigest("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("parseSpecification", () => {
  test.each([
    ["invalid YAML", "spec: [\n"],
    ["duplicate keys", "spec:\n  containers: []\n  containers: []\n"],
    ["several documents", "spec: {}\n---\nspec: {}\n"],
  ])("throws on %s", (_what, text) => {
    expect(() => parseSpecification(text)).toThrow();
  });
});
