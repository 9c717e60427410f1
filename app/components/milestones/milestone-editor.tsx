"use client";

/**
 * The edit form of one milestone, and its delete. Saves only the changed fields with the
 * version it was read at; on a conflict it says so and keeps what the user typed, and "Reload"
 * fetches the latest version underneath (saving again then overwrites it knowingly).
 *
 * Live updates (milestone-live.tsx): a newer version that is not the user's own save arrives
 * while the form is clean — the form shows it. While the form holds unsaved input, the input
 * is never moved onto it silently: the form stays on the version it was edited from and says
 * the milestone changed, so a save gets the usual conflict (then "Reload" moves the input on
 * knowingly). Deleted by someone else: the form turns read-only.
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
import { useMilestoneLive } from "./milestone-live";

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
  const live = useMilestoneLive();
  /** Which newer version to move the edits onto: our own save's, or "next" after Reload. */
  const [adopt, setAdopt] = useState<number | "next" | null>(null);
  /** A newer version arrived while the form held unsaved input: the input stays on `base`. */
  const [held, setHeld] = useState(false);
  const dirty = Object.keys(changedFields(form.values, base.values, form.badDate)).length > 0;
  if (milestone.version !== base.version && !held) {
    if (adopt === "next" || adopt === milestone.version || !dirty) {
      // Our save, a reload, or someone else's change under a clean form: move onto it.
      form.setValues(rebaseFormValues(form.values, base.values, saved));
      setBase({ version: milestone.version, values: saved });
      setAdopt(null);
    } else {
      setHeld(true);
    }
  }
  const [confirming, setConfirming] = useState(false);
  const [saving, startSave] = useTransition();
  const [deleting, startDelete] = useTransition();
  const gone = live.deletedBy !== null;
  const busy = saving || deleting || gone;

  const save = () => {
    setProblem(null);
    const change = changedFields(form.values, base.values, form.badDate);
    if (Object.keys(change).length === 0) {
      toast("Nothing to save");
      return;
    }
    // The update moves the version by one: that version is ours, not someone else's.
    setAdopt(base.version + 1);
    startSave(async () => {
      // The server action validates with core's schemas and answers a message per field.
      const result = await updateMilestoneAction(milestone.id, base.version, change);
      if (!result.ok) {
        setAdopt(null);
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
      const result = await deleteMilestoneAction(milestone.id, base.version);
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
    setHeld(false);
    setAdopt("next");
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
      {held && !gone && problem?.type !== "ConflictError" ? (
        <div
          role="status"
          className="flex flex-wrap items-center gap-3 rounded-md border border-warning/60 bg-warning/10 px-4 py-3 text-sm"
        >
          <p className="flex-1">
            {live.updated ? `Updated by ${live.updated.by}` : "This milestone was changed"} while
            you were editing. Your changes below are kept; saving them will ask you to reload the
            latest version first.
          </p>
          <Button size="sm" variant="outline" onClick={reload}>
            <RotateCcwIcon aria-hidden />
            Load the latest version
          </Button>
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
              setBase({ version: milestone.version, values: saved });
              setHeld(false);
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
