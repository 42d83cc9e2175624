import { describe, expect, it } from "vitest";
import { getPrompt, PROMPTS } from "../src/lib/prompts";
import { buildAudiencePrompt } from "../src/lib/audience";

describe("prompt registry", () => {
  it("has a prompt for every key", () => {
    expect(Object.keys(PROMPTS)).toEqual(["support", "recap", "fanCam"]);
  });

  it("throws on unknown keys", () => {
    // @ts-expect-error deliberate bad key
    expect(() => getPrompt("nope")).toThrow("Unknown prompt key: nope");
  });
});

describe("buildAudiencePrompt", () => {
  it("describes the reader, not the assistant", () => {
    const p = buildAudiencePrompt({ audience: "conservative voters in rural Kansas" });
    expect(p).toContain("for an audience of conservative voters in rural Kansas");
    expect(p).not.toMatch(/you are a conservative/i);
  });

  it("keeps the neutrality clause", () => {
    const p = buildAudiencePrompt({ audience: "Muslim college students" });
    expect(p).toContain("You are not an advocate for any religion or party.");
  });

  it.each(["Gen Z gamers", "Catholic parish volunteers", "Arsenal supporters"])("renders audience %s", (a) => {
    expect(buildAudiencePrompt({ audience: a })).toContain(a);
  });
});
