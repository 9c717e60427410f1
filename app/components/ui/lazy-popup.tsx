"use client";

/**
 * A menu or popover whose code (Radix's popper stack) loads on first use instead of with the
 * page: until then `trigger` is rendered as a plain button with the same name, content and
 * `aria-haspopup`; clicking it (or ArrowDown) loads the popup module and mounts it open, with
 * the same `trigger` as its real trigger. Pointer or focus on the button prefetches the module.
 */
import {
  cloneElement,
  Suspense,
  useState,
  type ComponentProps,
  type ComponentType,
  type KeyboardEvent,
  type LazyExoticComponent,
  type ReactElement,
} from "react";

export type PopupTrigger = ReactElement<ComponentProps<"button">>;

export function LazyPopup<P extends object>({
  trigger,
  popup: Popup,
  load,
  props,
  haspopup = "menu",
}: {
  trigger: PopupTrigger;
  /** `React.lazy(load)`, declared at module level next to `load`. */
  popup: LazyExoticComponent<ComponentType<P & { trigger: PopupTrigger; defaultOpen?: boolean }>>;
  load: () => Promise<unknown>;
  props: P;
  haspopup?: "menu" | "dialog";
}) {
  const [active, setActive] = useState(false);
  const prefetch = () => void load().catch(() => undefined);
  const placeholder = cloneElement(trigger, {
    type: "button",
    "aria-haspopup": haspopup,
    "aria-expanded": false,
    "data-state": "closed",
    onPointerEnter: prefetch,
    onFocus: prefetch,
    onClick: () => setActive(true),
    onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setActive(true);
      }
    },
  } as ComponentProps<"button">);
  if (!active) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <Popup {...props} trigger={trigger} defaultOpen />
    </Suspense>
  );
}
