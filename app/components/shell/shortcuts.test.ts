import { describe, expect, it } from "vitest";
import { keyLabels, SHORTCUTS, shortcutOf } from "./shortcuts";

const key = (
  k: string,
  mods: Partial<{ metaKey: boolean; ctrlKey: boolean; altKey: boolean }> = {},
  target: EventTarget | null = null,
) => ({
  key: k,
  metaKey: false,
  ctrlKey: false,
  altKey: false,
  ...mods,
  target,
});

describe("shortcutOf", () => {
  it("opens the palette with Ctrl-K or ⌘K, wherever focus is", () => {
    expect(shortcutOf(key("k", { ctrlKey: true }))).toBe("palette");
    expect(shortcutOf(key("K", { metaKey: true }))).toBe("palette");
    expect(shortcutOf(key("k"))).toBeNull();
    expect(shortcutOf(key("k", { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it("opens the sheet with ? unless the user is typing", () => {
    expect(shortcutOf(key("?"))).toBe("shortcuts");
    const field = { closest: (selector: string) => (selector.includes("input") ? {} : null) };
    expect(shortcutOf(key("?", {}, field as unknown as EventTarget))).toBeNull();
    const button = { closest: () => null };
    expect(shortcutOf(key("?", {}, button as unknown as EventTarget))).toBe("shortcuts");
  });
});

describe("SHORTCUTS", () => {
  it("lists every action the handler knows, once", () => {
    const actions = SHORTCUTS.map((s) => s.action).filter((a) => a !== null);
    expect(actions.sort()).toEqual(["palette", "shortcuts"]);
  });

  it("names Mod for the platform", () => {
    const palette = SHORTCUTS.find((s) => s.action === "palette");
    if (!palette) throw new Error("no palette shortcut");
    expect(keyLabels(palette, true)).toEqual(["⌘", "K"]);
    expect(keyLabels(palette, false)).toEqual(["Ctrl", "K"]);
  });
});
