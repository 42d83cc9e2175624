import { describe, expect, it, vi } from "vitest";
import { ScoreSchema } from "./judge";

vi.mock("openai", () => ({ default: vi.fn() }));

describe("ScoreSchema", () => {
  it("accepts valid scores", () => {
    const ok = ScoreSchema.safeParse({ debaterA: 7, debaterB: 5, rationale: "A cited evidence" });
    expect(ok.success).toBe(true);
  });

  it("rejects out-of-range scores", () => {
    expect(ScoreSchema.safeParse({ debaterA: 11, debaterB: 5, rationale: "" }).success).toBe(false);
  });
});

describe("fixtures", () => {
  const neutralPrompt = "You are a debate adjudicator. Score each debater on reasoning.";

  it("neutral fixture carries no identity", () => {
    expect(neutralPrompt).not.toContain("You are a Republican");
    expect(neutralPrompt).not.toMatch(/proud (conservative|progressive)/);
  });

  it("error message is user-facing", () => {
    const err = new Error("You are a guest user: judging is disabled for guests.");
    expect(err.message).toContain("guest");
  });
});
