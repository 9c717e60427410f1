"use client";

/**
 * The dashboard's global keys (shortcuts.ts): Ctrl-K / ⌘K opens the command palette
 * anywhere in the shell, `?` (when not typing) the keyboard-shortcuts sheet. Both load on
 * first use (next/dynamic), so no page's first load carries cmdk. On close, focus goes back
 * to the element that had it when the key was pressed.
 */
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PaletteProps } from "./command-palette";
import { shortcutOf, type ShortcutAction } from "./shortcuts";

const CommandPalette = dynamic(() => import("./command-palette"), { ssr: false });
const ShortcutsSheet = dynamic(() => import("./shortcuts-sheet"), { ssr: false });

export function CommandPaletteLauncher(props: Omit<PaletteProps, "open" | "onOpenChange">) {
  const [open, setOpen] = useState<ShortcutAction | null>(null);
  /** Mounted once opened, so reopening is instant. */
  const [mounted, setMounted] = useState<Set<ShortcutAction>>(() => new Set());
  const previous = useRef<HTMLElement | null>(null);

  const show = useCallback((action: ShortcutAction) => {
    const active = document.activeElement;
    previous.current = active instanceof HTMLElement && active !== document.body ? active : null;
    setMounted((current) => (current.has(action) ? current : new Set(current).add(action)));
    setOpen(action);
  }, []);

  const openRef = useRef(open);
  useEffect(() => {
    openRef.current = open;
  }, [open]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutOf(event);
      if (action === null) return;
      // Ctrl-K is also the browser's search key: inside the dashboard it is the palette's.
      event.preventDefault();
      const current = openRef.current;
      if (current === "palette" && action === "palette")
        setOpen(null); // Ctrl-K again closes
      else if (current === null) show(action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [show]);

  const close = useCallback((next: boolean) => {
    if (next) return;
    setOpen(null);
  }, []);

  /** Radix would focus the body (there is no trigger): put focus back where it was. */
  const restoreFocus = useCallback((event: Event) => {
    const target = previous.current;
    if (target && target.isConnected) {
      event.preventDefault();
      target.focus();
    }
  }, []);

  return (
    <>
      {mounted.has("palette") ? (
        <CommandPalette
          {...props}
          open={open === "palette"}
          onOpenChange={close}
          onCloseAutoFocus={restoreFocus}
        />
      ) : null}
      {mounted.has("shortcuts") ? (
        <ShortcutsSheet
          open={open === "shortcuts"}
          onOpenChange={close}
          onCloseAutoFocus={restoreFocus}
        />
      ) : null}
    </>
  );
}
