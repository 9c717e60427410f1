"use client";

import { useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/components/ui/dialog";
import { toast } from "@/app/components/ui/toast";
import { createMilestoneAction } from "@/app/lib/milestones/actions";
import { EMPTY_FORM, toCreateInput } from "@/app/lib/milestones/form";
import { MilestoneFields, useMilestoneFormState } from "./milestone-form";

/**
 * The "New milestone" dialog with its form, loaded on demand by CreateMilestoneDialog. The
 * server action validates with core's schemas and answers a message per field.
 */
export default function CreateMilestoneFormDialog({
  scopeLabel,
  open,
  onOpenChange,
}: {
  scopeLabel: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const setOpen = onOpenChange;
  const form = useMilestoneFormState(EMPTY_FORM);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = () => {
    setFormError(null);
    startTransition(async () => {
      // The server action validates with core's schemas and answers a message per field.
      const result = await createMilestoneAction(toCreateInput(form.values, form.badDate));
      if (!result.ok) {
        form.setErrors(result.error.fieldErrors ?? {});
        // Field messages speak for themselves; anything else goes on top of the form.
        setFormError(result.error.fieldErrors ? null : result.error.message);
        return;
      }
      toast.success(`Created “${result.milestone.title}”`);
      form.setValues(EMPTY_FORM);
      form.setErrors({});
      // The action revalidated /milestones: the table re-renders with the new row.
      setOpen(false);
    });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setFormError(null);
      }}
    >
      <DialogContent>
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <DialogHeader>
            <DialogTitle>New milestone</DialogTitle>
            <DialogDescription>In {scopeLabel}, owned by you.</DialogDescription>
          </DialogHeader>
          {formError ? (
            <p
              role="alert"
              className="rounded-md border border-destructive/50 px-3 py-2 text-sm text-destructive"
            >
              {formError}
            </p>
          ) : null}
          <MilestoneFields
            values={form.values}
            errors={form.errors}
            onChange={form.onChange}
            onDateInput={form.onDateInput}
            disabled={pending}
            autoFocus
          />
          <DialogFooter>
            <Button
              type="button"
              variant="outline"
              onClick={() => setOpen(false)}
              disabled={pending}
            >
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create milestone"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
