import { describe, expect, it } from "vitest";
import { isKeyPart, KEY_PART_MAX_LENGTH } from "./key-part";

describe("isKeyPart", () => {
  it.each(["m1", "01HZX", "x".repeat(KEY_PART_MAX_LENGTH), "del\u007f", "ünïcode", "with space"])(
    "accepts %j",
    (value) => expect(isKeyPart(value)).toBe(true),
  );

  it.each([
    "",
    "a#b",
    "#",
    "x".repeat(KEY_PART_MAX_LENGTH + 1),
    "tab\there",
    "nl\n",
    "\u0000",
    "\u001f",
  ])("refuses %j (empty, too long, `#` or a control character)", (value) =>
    expect(isKeyPart(value)).toBe(false),
  );

  it("refuses non-strings", () => {
    for (const value of [undefined, null, 42, {}, ["a"]]) expect(isKeyPart(value)).toBe(false);
  });

  it("counts UTF-16 code units, as every runtime's length does", () => {
    expect(isKeyPart("😀".repeat(128))).toBe(true);
    expect(isKeyPart(`${"😀".repeat(128)}x`)).toBe(false);
  });
});
