"use client";

/**
 * "New milestone": the button is part of the first paint; the dialog and its form load on
 * demand (next/dynamic), prefetched as soon as the pointer or focus reaches the button.
 * `?new=1` in the URL (the command palette's "New milestone") opens it; the flag is then
 * dropped from the URL, so a reload or Back does not open it again.
 */
import { PlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/app/components/ui/button";

const loadDialog = () => import("./create-milestone-form-dialog");
const CreateMilestoneFormDialog = dynamic(loadDialog, { ssr: false });

export function CreateMilestoneDialog({ scopeLabel }: { scopeLabel: string }) {
  const [open, setOpen] = useState(false);
  /** Mounted once opened, so closing keeps the typed input for the next open. */
  const [mounted, setMounted] = useState(false);
  const prefetch = () => void loadDialog();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const asked = params.get("new") === "1";
  // Open on the flag's arrival (state adjusted while rendering, not in an effect).
  const [seenAsk, setSeenAsk] = useState(false);
  if (asked !== seenAsk) {
    setSeenAsk(asked);
    if (asked) {
      setMounted(true);
      setOpen(true);
    }
  }
  useEffect(() => {
    if (!asked) return;
    const rest = new URLSearchParams(params);
    rest.delete("new");
    const query = rest.toString();
    router.replace(query === "" ? pathname : `${pathname}?${query}`, { scroll: false });
  }, [asked, params, router, pathname]);
  return (
    <>
      <Button
        aria-haspopup="dialog"
        aria-expanded={open}
        onPointerEnter={prefetch}
        onFocus={prefetch}
        onClick={() => {
          setMounted(true);
          setOpen(true);
        }}
      >
        <PlusIcon aria-hidden />
        New milestone
      </Button>
      {mounted ? (
        <CreateMilestoneFormDialog scopeLabel={scopeLabel} open={open} onOpenChange={setOpen} />
      ) : null}
    </>
  );
}
