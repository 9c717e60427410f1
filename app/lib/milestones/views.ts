/**
 * The Views menu's model: built-in views (core/portable/views.ts) made table states for a
 * viewer, saved views (the API's) with their hrefs, and which one the current URL shows.
 * Pure, shared by the server page and the client menu.
 */
import { MILESTONE_STATUSES } from "../../../core/portable/milestone";
import { BUILT_IN_VIEWS, type BuiltInView } from "../../../core/portable/views";
import type { SavedView } from "../api/schemas";
import {
  DEFAULT_TABLE_STATE,
  stateOfView,
  tableStateHref,
  viewStateOf,
  withQuery,
  type MilestoneTableState,
} from "./table-state";

export interface MenuView {
  id: string;
  name: string;
  /** The canonical state string (viewStateOf). */
  state: string;
  href: string;
  kind: "builtin" | "mine" | "shared";
  ownerId: string | null;
  shared: boolean;
}

/** A built-in view's table state for a viewer ("My open": the viewer's own). */
export function builtInState(view: BuiltInView, viewerId: string): MilestoneTableState {
  return withQuery(DEFAULT_TABLE_STATE, {
    status: MILESTONE_STATUSES.filter((status) => view.status.includes(status)),
    owner: view.owner === "viewer" ? [viewerId] : [],
    sort: view.sort,
    due: view.due,
  });
}

/**
 * Every view of the menu, built-ins first, then the viewer's own, then the org's shared ones
 * (whoever saved them). A stored state is re-read with the URL's rules, so what the menu
 * links to and compares is what the table would show.
 */
export function menuViews(saved: readonly SavedView[], viewerId: string): MenuView[] {
  const builtIns = BUILT_IN_VIEWS.map((view): MenuView => {
    const state = builtInState(view, viewerId);
    return {
      id: view.id,
      name: view.name,
      state: viewStateOf(state),
      href: tableStateHref(state),
      kind: "builtin",
      ownerId: null,
      shared: false,
    };
  });
  const stored = saved.map((view): MenuView => {
    const state = stateOfView(view.state);
    return {
      id: view.id,
      name: view.name,
      state: viewStateOf(state),
      href: tableStateHref(state),
      kind: view.shared ? "shared" : "mine",
      ownerId: view.ownerId,
      shared: view.shared,
    };
  });
  return [...builtIns, ...stored];
}

/** The view the table state shows (page aside), or null: the first match in menu order. */
export function activeView(views: readonly MenuView[], state: MilestoneTableState) {
  const current = viewStateOf(state);
  return views.find((view) => view.state === current) ?? null;
}
