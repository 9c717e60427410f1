"use client";

/**
 * A small toast system (sonner-like API): `toast("Saved")`, `toast.error("…")` from any
 * client code; `<Toaster/>` once in the root layout renders them in a polite live region
 * (errors in an assertive one), each dismissible and gone after a few seconds.
 */
import { XIcon } from "lucide-react";
import { useEffect, useSyncExternalStore } from "react";
import { cn } from "@/app/lib/utils";

type ToastKind = "default" | "success" | "error";
interface ToastItem {
  id: number;
  kind: ToastKind;
  message: string;
  description?: string;
}

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

function push(kind: ToastKind, message: string, options?: { description?: string }): number {
  const id = nextId++;
  items = [
    ...items.slice(-4),
    { id, kind, message, ...(options?.description ? { description: options.description } : {}) },
  ];
  emit();
  return id;
}

/** Shows a toast; returns its id. */
export const toast = Object.assign(
  (message: string, options?: { description?: string }) => push("default", message, options),
  {
    success: (message: string, options?: { description?: string }) =>
      push("success", message, options),
    error: (message: string, options?: { description?: string }) => push("error", message, options),
    dismiss: (id: number) => {
      items = items.filter((item) => item.id !== id);
      emit();
    },
  },
);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const EMPTY: ToastItem[] = [];

function ToastView({ item }: { item: ToastItem }) {
  useEffect(() => {
    const timer = setTimeout(() => toast.dismiss(item.id), item.kind === "error" ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [item.id, item.kind]);
  return (
    <li
      className={cn(
        "pointer-events-auto flex w-full items-start gap-3 rounded-lg border bg-popover p-4 text-sm text-popover-foreground shadow-lg",
        item.kind === "error" && "border-destructive/50",
        item.kind === "success" && "border-success/50",
      )}
    >
      <div className="grid flex-1 gap-1">
        <p className="font-medium">{item.message}</p>
        {item.description ? <p className="text-muted-foreground">{item.description}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => toast.dismiss(item.id)}
        className="rounded-sm opacity-70 hover:opacity-100 focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/60"
      >
        <XIcon className="size-4" aria-hidden />
        <span className="sr-only">Dismiss notification</span>
      </button>
    </li>
  );
}

export function Toaster() {
  const all = useSyncExternalStore(
    subscribe,
    () => items,
    () => EMPTY,
  );
  const polite = all.filter((item) => item.kind !== "error");
  const assertive = all.filter((item) => item.kind === "error");
  const listClass = "pointer-events-none flex w-full flex-col gap-2 empty:hidden";
  return (
    <div className="pointer-events-none fixed bottom-4 right-4 z-[100] flex w-[min(24rem,calc(100%-2rem))] flex-col gap-2">
      <ol role="status" aria-live="polite" aria-label="Notifications" className={listClass}>
        {polite.map((item) => (
          <ToastView key={item.id} item={item} />
        ))}
      </ol>
      <ol role="alert" aria-live="assertive" aria-label="Errors" className={listClass}>
        {assertive.map((item) => (
          <ToastView key={item.id} item={item} />
        ))}
      </ol>
    </div>
  );
}
