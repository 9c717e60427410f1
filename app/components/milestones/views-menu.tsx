"use client";

/**
 * The table toolbar's "Views" button: built-in views, the viewer's own and the org's shared
 * ones, "Save view…" and "Manage views…". The button (naming the active view) is part of the
 * first paint; the menu and its dialogs load on first use (LazyPopup). Selecting a view
 * navigates to its URL: the URL stays the one source of table state.
 */
import { BookmarkIcon, ChevronDownIcon } from "lucide-react";
import { lazy } from "react";
import { Button } from "@/app/components/ui/button";
import { LazyPopup } from "@/app/components/ui/lazy-popup";
import type { MenuView } from "@/app/lib/milestones/views";
import type { Caller } from "@/core/portable/caller";

const load = () => import("./views-menu-popup");
const ViewsMenuPopup = lazy(() => load().then((m) => ({ default: m.ViewsMenuPopup })));

export interface ViewsMenuProps {
  views: MenuView[];
  /** The view the table shows now, if any. */
  activeId: string | null;
  /** The current table state as a view would keep it (viewStateOf). */
  currentState: string;
  viewer: Caller;
}

export function ViewsMenu(props: ViewsMenuProps) {
  const active = props.views.find((view) => view.id === props.activeId) ?? null;
  return (
    <LazyPopup
      load={load}
      popup={ViewsMenuPopup}
      props={props}
      trigger={
        <Button
          variant="outline"
          size="sm"
          className="h-8"
          aria-label={`Views: ${active?.name ?? "none active"}`}
        >
          <BookmarkIcon aria-hidden />
          <span>Views</span>
          {active ? (
            <span className="max-w-40 truncate text-muted-foreground" data-testid="active-view">
              · {active.name}
            </span>
          ) : null}
          <ChevronDownIcon className="opacity-60" aria-hidden />
        </Button>
      }
    />
  );
}
