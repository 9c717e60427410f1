"use client";

/**
 * "New milestone": the button is part of the first paint; the dialog and its form load on
 * demand (next/dynamic), prefetched as soon as the pointer or focus reaches the button.
 */
import { PlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/app/components/ui/button";

const loadDialog = () => import("./create-milestone-form-dialog");
const CreateMilestoneFormDialog = dynamic(loadDialog, { ssr: false });

export function CreateMilestoneDialog({ scopeLabel }: { scopeLabel: string }) {
  const [open, setOpen] = useState(false);
  /** Mounted once opened, so closing keeps the typed input for the next open. */
  const [mounted, setMounted] = useState(false);
  const prefetch = () => void loadDialog();
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
