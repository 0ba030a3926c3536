import { describe, expect, test } from "vitest";
import { defaults, FONT_SIZES, parseSettings } from "./settings";

describe("stored settings are checked field by field", () => {
  test("valid values are kept", () => {
    expect(parseSettings({ fontSize: 20, theme: "dark", wordWrap: true, split: 0.4, outputSplit: 0.3 })).toEqual({
      fontSize: 20,
      theme: "dark",
      wordWrap: true,
      split: 0.4,
      outputSplit: 0.3,
    });
  });

  test("out-of-range numbers are clamped, unknown values fall back to the defaults", () => {
    const parsed = parseSettings({ fontSize: 99, theme: "sepia", wordWrap: "yes", split: 5 });
    expect(parsed.fontSize).toBe(FONT_SIZES.max);
    expect(parsed.theme).toBe("system");
    expect(parsed.wordWrap).toBeNull();
    expect(parsed.split).toBe(0.9);
    expect(parseSettings({ fontSize: 3.4 }).fontSize).toBe(FONT_SIZES.min);
  });

  test("nothing stored, or not an object: the defaults", () => {
    expect(parseSettings(null)).toEqual(defaults());
    expect(parseSettings("x")).toEqual(defaults());
    expect(parseSettings({ fontSize: Number.NaN })).toEqual(defaults());
  });
});
