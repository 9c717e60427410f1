/**
 * The dashboard's keyboard shortcuts, one list: the global key handler
 * (command-palette-launcher.tsx) matches events against it and the `?` sheet lists it, so
 * what the sheet says is what the keys do.
 */

export type ShortcutAction = "palette" | "shortcuts";

export interface Shortcut {
  /** What the handler does; null: a key handled by the focused widget, listed for reference. */
  action: ShortcutAction | null;
  /** Keys as shown; "Mod" is ⌘ on Apple platforms, Ctrl elsewhere. */
  keys: string[];
  label: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: "palette", keys: ["Mod", "K"], label: "Open the command palette" },
  { action: "shortcuts", keys: ["?"], label: "Show keyboard shortcuts" },
  { action: null, keys: ["↑", "↓"], label: "Move through the palette's results" },
  { action: null, keys: ["Enter"], label: "Run the highlighted command" },
  { action: null, keys: ["Esc"], label: "Close the palette, a dialog or a menu" },
];

/** The key names of a shortcut for this platform ("Mod" as ⌘ or Ctrl). */
export function keyLabels(shortcut: Shortcut, apple: boolean): string[] {
  return shortcut.keys.map((key) => (key === "Mod" ? (apple ? "⌘" : "Ctrl") : key));
}

interface KeyEventLike {
  key: string;
  metaKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  /** The event's target: where the user is typing, if anywhere. */
  target: EventTarget | null;
}

/** Whether the user is typing in a field, where `?` is a character, not a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  return (
    element.closest(
      "input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='combobox']",
    ) !== null
  );
}

/** The action a key event asks for, or null. */
export function shortcutOf(event: KeyEventLike): ShortcutAction | null {
  if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === "k")
    return "palette";
  if (event.key === "?" && !event.metaKey && !event.ctrlKey && !event.altKey) {
    return isTypingTarget(event.target) ? null : "shortcuts";
  }
  return null;
}
