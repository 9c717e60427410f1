"use client";

/**
 * The edit form of one milestone, and its delete. Saves only the changed fields with the
 * version it was read at; on a conflict it says so and keeps what the user typed, and "Reload"
 * fetches the latest version underneath (saving again then overwrites it knowingly).
 */
import { RotateCcwIcon, Trash2Icon } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { toast } from "@/app/components/ui/toast";
import type { Milestone } from "@/app/lib/api/schemas";
import { deleteMilestoneAction, updateMilestoneAction } from "@/app/lib/milestones/actions";
import { changedFields, formValuesOf, rebaseFormValues } from "@/app/lib/milestones/form";
import type { ActionError } from "@/app/lib/milestones/results";
import { cn } from "@/app/lib/utils";
import { MilestoneFields, useMilestoneFormState } from "./milestone-form";

/** Loaded when a delete is asked for. */
const ConfirmDialog = dynamic(() => import("./confirm-dialog"), { ssr: false });

export function MilestoneEditor({ milestone }: { milestone: Milestone }) {
  const router = useRouter();
  const saved = formValuesOf(milestone);
  const form = useMilestoneFormState(saved);
  const [problem, setProblem] = useState<ActionError | null>(null);
  /** The saved values the user's edits started from, and their version. */
  const [base, setBase] = useState({ version: milestone.version, values: saved });
  const [rebased, setRebased] = useState(false);
  // A newer version arrived (our save, or a reload after a conflict): move the edits onto it.
  if (milestone.version !== base.version) {
    form.setValues(rebaseFormValues(form.values, base.values, saved));
    setBase({ version: milestone.version, values: saved });
  }
  const [confirming, setConfirming] = useState(false);
  const [saving, startSave] = useTransition();
  const [deleting, startDelete] = useTransition();
  const busy = saving || deleting;

  const save = () => {
    setProblem(null);
    const change = changedFields(form.values, saved, form.badDate);
    if (Object.keys(change).length === 0) {
      toast("Nothing to save");
      return;
    }
    startSave(async () => {
      // The server action validates with core's schemas and answers a message per field.
      const result = await updateMilestoneAction(milestone.id, milestone.version, change);
      if (!result.ok) {
        form.setErrors(result.error.fieldErrors ?? {});
        setProblem(result.error.fieldErrors ? null : result.error);
        return;
      }
      setRebased(false);
      toast.success("Saved");
    });
  };

  const remove = () => {
    setProblem(null);
    startDelete(async () => {
      const result = await deleteMilestoneAction(milestone.id, milestone.version);
      if (!result.ok) {
        setProblem(result.error);
        return;
      }
      toast.success(`Deleted “${milestone.title}”`);
      router.push("/milestones");
    });
  };

  const reload = () => {
    setProblem(null);
    setRebased(true);
    router.refresh();
  };

  return (
    <section aria-label="Edit milestone" className="grid gap-6">
      {problem ? (
        <div
          role="alert"
          className={cn(
            "flex flex-wrap items-center gap-3 rounded-md border px-4 py-3 text-sm",
            problem.type === "ConflictError"
              ? "border-warning/60 bg-warning/10"
              : "border-destructive/50 bg-destructive/5",
          )}
        >
          <p className="flex-1">
            {problem.message}
            {problem.type === "ConflictError" ? " Your changes below are kept." : null}
          </p>
          {problem.type === "ConflictError" ? (
            <Button size="sm" variant="outline" onClick={reload}>
              <RotateCcwIcon aria-hidden />
              Reload
            </Button>
          ) : null}
        </div>
      ) : null}
      {rebased ? (
        <p role="status" className="rounded-md border px-4 py-3 text-sm">
          Loaded the latest version. Fields you edited keep your text, the others show the latest
          values; save to apply your edits on top.
        </p>
      ) : null}
      <form
        noValidate
        className="grid gap-6"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <MilestoneFields
          values={form.values}
          errors={form.errors}
          onChange={form.onChange}
          onDateInput={form.onDateInput}
          disabled={busy}
        />
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={busy}>
            {saving ? "Saving…" : "Save changes"}
          </Button>
          <Button
            type="button"
            variant="outline"
            disabled={busy}
            onClick={() => {
              form.setValues(saved);
              form.setErrors({});
              setProblem(null);
            }}
          >
            Discard changes
          </Button>
          <Button
            type="button"
            variant="destructive"
            className="ml-auto"
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            <Trash2Icon aria-hidden />
            {deleting ? "Deleting…" : "Delete"}
          </Button>
          {confirming ? (
            <ConfirmDialog
              title={`Delete “${milestone.title}”?`}
              description="This cannot be undone."
              onCancel={() => setConfirming(false)}
              onConfirm={() => {
                setConfirming(false);
                remove();
              }}
            />
          ) : null}
        </div>
      </form>
    </section>
  );
}
