/**
 * /milestones: the table's first paint comes from here. The URL is the table state; this
 * server component parses it, loads that page through the data module and hands the rows to
 * the client table, which navigates by rewriting the URL.
 */
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateMilestoneDialog } from "@/app/components/milestones/create-milestone-dialog";
import { MilestonesTable } from "@/app/components/milestones/milestones-table";
import { ViewsMenu } from "@/app/components/milestones/views-menu";
import { ApiErrorState, PageHeader } from "@/app/components/shell/page-states";
import { api, isApiError } from "@/app/lib/api";
import { loadMilestonePage, type LoadedPage } from "@/app/lib/milestones/listing";
import { getOwnerOptions } from "@/app/lib/milestones/owners";
import {
  parseTableState,
  tableStateHref,
  viewStateOf,
  type SearchParamsInput,
} from "@/app/lib/milestones/table-state";
import { activeView, menuViews } from "@/app/lib/milestones/views";
import { callerOf, getViewer, mayAdmin } from "@/app/lib/session/viewer";
import { canCreate, canSaveViews } from "@/core/portable/authorization";

export const metadata: Metadata = { title: "Milestones" };

/** The org's members for the owner filter (who may read them); null when not listed. */
async function listMembers(allowed: boolean) {
  if (!allowed) return null;
  try {
    return (await api.orgMembers({ limit: 100 })).items;
  } catch {
    return null; // the page's owners still make a usable filter
  }
}

/** The saved views for the Views menu; [] when they cannot be read (built-ins still work). */
async function listSavedViews(allowed: boolean) {
  if (!allowed) return [];
  try {
    return await api.savedViews();
  } catch {
    return [];
  }
}

export default async function MilestonesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParamsInput>;
}) {
  const viewer = await getViewer();
  const state = parseTableState(await searchParams);
  // Both reads at once: the member list does not depend on the page.
  const members = listMembers(mayAdmin(viewer, "org.members"));
  const caller = callerOf(viewer);
  const saved = listSavedViews(canSaveViews(caller));
  let page: LoadedPage;
  try {
    page = await loadMilestonePage((request) => api.milestones(request), state);
  } catch (error) {
    // A stale cursor (another scope or an edited URL): start over at the first page.
    if (isApiError(error, "ValidationError") && state.trail.length > 0) {
      redirect(tableStateHref({ ...state, trail: [] }));
    }
    return (
      <>
        <PageHeader title="Milestones" />
        <ApiErrorState error={error} />
      </>
    );
  }
  const { session } = viewer;
  const owners = getOwnerOptions({
    role: viewer.role,
    viewer: { id: session.user.id, name: session.user.name },
    members: await members,
    rows: page.items,
    selected: state.owner,
  });
  const views = menuViews(await saved, caller.userId);
  const scopeLabel = session.orgId
    ? (session.orgName ?? "this organization")
    : "your personal space";
  return (
    <>
      <PageHeader
        title="Milestones"
        description={
          session.orgId
            ? `Milestones of ${session.orgName ?? "the organization"}.`
            : "Your personal milestones."
        }
        actions={canCreate(caller) ? <CreateMilestoneDialog scopeLabel={scopeLabel} /> : null}
      />
      <MilestonesTable
        state={state}
        rows={page.items}
        nextCursor={page.nextCursor}
        partial={page.partial}
        viewer={caller}
        owners={owners}
        now={new Date().toISOString()}
        viewsMenu={
          <ViewsMenu
            views={views}
            activeId={activeView(views, state)?.id ?? null}
            currentState={viewStateOf(state)}
            viewer={caller}
          />
        }
      />
    </>
  );
}
