"use client";

/**
 * The Views menu's popup and its two dialogs (loaded on first use by `ViewsMenu`). Share and
 * delete controls show only where core's rules (canShareView, canDeleteView) would let the
 * API do it; the API decides anyway.
 */
import { CheckIcon, Share2Icon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Badge } from "@/app/components/ui/badge";
import { Button } from "@/app/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/app/components/ui/dropdown-menu";
import { Input } from "@/app/components/ui/input";
import { Label } from "@/app/components/ui/label";
import type { PopupTrigger } from "@/app/components/ui/lazy-popup";
import { toast } from "@/app/components/ui/toast";
import {
  deleteViewAction,
  saveViewAction,
  shareViewAction,
} from "@/app/lib/milestones/view-actions";
import type { MenuView } from "@/app/lib/milestones/views";
import { canDeleteView, canShareView } from "@/core/portable/authorization";
import { VIEW_LIMITS, viewNameProblem } from "@/core/portable/views";
import type { ViewsMenuProps } from "./views-menu";

type Open = "save" | "manage" | null;

export function ViewsMenuPopup({
  views,
  activeId,
  currentState,
  viewer,
  trigger,
  defaultOpen,
}: ViewsMenuProps & { trigger: PopupTrigger; defaultOpen?: boolean }) {
  const [dialog, setDialog] = useState<Open>(null);
  const groups: [string, MenuView[]][] = [
    ["Built-in", views.filter((view) => view.kind === "builtin")],
    ["My views", views.filter((view) => view.kind === "mine")],
    ["Shared with the organization", views.filter((view) => view.kind === "shared")],
  ];
  const saved = views.filter((view) => view.kind !== "builtin");
  return (
    <>
      {/* Not modal: a modal Radix menu aria-hides the page while its controls stay focusable
          (axe: aria-hidden-focus); a menu needs no modality, Esc and outside clicks close it. */}
      <DropdownMenu defaultOpen={defaultOpen ?? false} modal={false}>
        <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-64">
          {groups.map(([label, list]) =>
            list.length === 0 ? null : (
              <div key={label} role="group" aria-label={label}>
                <DropdownMenuLabel className="text-xs text-muted-foreground">
                  {label}
                </DropdownMenuLabel>
                {list.map((view) => (
                  <DropdownMenuItem key={view.id} asChild>
                    <Link href={view.href} aria-current={view.id === activeId ? "true" : undefined}>
                      <span className="flex-1 truncate">{view.name}</span>
                      {view.id === activeId ? <CheckIcon aria-label="(active)" /> : null}
                    </Link>
                  </DropdownMenuItem>
                ))}
              </div>
            ),
          )}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setDialog("save")}>Save view…</DropdownMenuItem>
          {saved.length > 0 ? (
            <DropdownMenuItem onSelect={() => setDialog("manage")}>Manage views…</DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
      <SaveViewDialog
        open={dialog === "save"}
        onOpenChange={(open) => setDialog(open ? "save" : null)}
        state={currentState}
      />
      <ManageViewsDialog
        open={dialog === "manage"}
        onOpenChange={(open) => setDialog(open ? "manage" : null)}
        views={saved}
        viewer={viewer}
      />
    </>
  );
}

function SaveViewDialog({
  open,
  onOpenChange,
  state,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  state: string;
}) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = () => {
    const problem = viewNameProblem(name);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    startTransition(async () => {
      const result = await saveViewAction({ name, state });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(`Saved view “${result.view.name}”`);
      setName("");
      onOpenChange(false);
    });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) setError(null);
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
            <DialogTitle>Save view</DialogTitle>
            <DialogDescription>
              The current filters, search, sort and columns, under a name only you see.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="view-name">Name</Label>
            <Input
              id="view-name"
              value={name}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "view-name-error" : "view-name-hint"}
              onChange={(event) => setName(event.target.value)}
            />
            {error ? (
              <p id="view-name-error" role="alert" className="text-sm text-destructive">
                {error}
              </p>
            ) : (
              <p id="view-name-hint" className="text-sm text-muted-foreground">
                1–{VIEW_LIMITS.nameMax} characters.
              </p>
            )}
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              Save view
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ManageViewsDialog({
  open,
  onOpenChange,
  views,
  viewer,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  views: MenuView[];
  viewer: ViewsMenuProps["viewer"];
}) {
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<{ ok: boolean; error?: { message: string } }>, done: string) =>
    startTransition(async () => {
      const result = await work();
      if (!result.ok) toast.error(result.error?.message ?? "That did not work");
      else toast.success(done);
    });
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Manage views</DialogTitle>
          <DialogDescription>
            Your saved views, and those shared with the organization.
          </DialogDescription>
        </DialogHeader>
        <ul className="grid gap-2" aria-label="Saved views">
          {views.map((view) => {
            const ref = { ownerId: view.ownerId, shared: view.shared };
            return (
              <li key={view.id} className="flex items-center gap-2 rounded-md border px-3 py-2">
                <span className="flex-1 truncate">{view.name}</span>
                {view.shared ? <Badge variant="secondary">Shared</Badge> : null}
                {canShareView(viewer, ref) ? (
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={pending}
                    aria-label={`${view.shared ? "Unshare" : "Share"} ${view.name}`}
                    onClick={() =>
                      run(
                        () => shareViewAction(view.id, !view.shared),
                        view.shared ? `Unshared “${view.name}”` : `Shared “${view.name}”`,
                      )
                    }
                  >
                    <Share2Icon aria-hidden />
                    {view.shared ? "Unshare" : "Share"}
                  </Button>
                ) : null}
                {canDeleteView(viewer, ref) ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={pending}
                    aria-label={`Delete ${view.name}`}
                    onClick={() => run(() => deleteViewAction(view.id), `Deleted “${view.name}”`)}
                  >
                    <Trash2Icon aria-hidden />
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      </DialogContent>
    </Dialog>
  );
}
