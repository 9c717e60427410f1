/**
 * /milestones: the table's first paint comes from here. The URL is the table state; this
 * server component parses it, loads that page through the data module and hands the rows to
 * the client table, which navigates by rewriting the URL.
 */
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateMilestoneDialog } from "@/app/components/milestones/create-milestone-dialog";
import { MilestonesTable, type OwnerOption } from "@/app/components/milestones/milestones-table";
import { ApiErrorState, PageHeader } from "@/app/components/shell/page-states";
import { api, isApiError, type Milestone } from "@/app/lib/api";
import { loadMilestonePage, type LoadedPage } from "@/app/lib/milestones/listing";
import {
  parseTableState,
  tableStateHref,
  type SearchParamsInput,
} from "@/app/lib/milestones/table-state";
import { getViewer } from "@/app/lib/session/viewer";

export const metadata: Metadata = { title: "Milestones" };

/** Owners to filter by: the org's members for admins, else those of this page (and the viewer). */
async function getOwnerOptions(
  role: "admin" | "member" | null,
  viewer: { id: string; name: string },
  rows: Milestone[],
  selected: string[],
): Promise<OwnerOption[] | null> {
  if (role === null) return null; // personal scope: every milestone is the viewer's own
  const byId = new Map<string, string>();
  if (role === "admin") {
    try {
      const members = await api.orgMembers({ limit: 100 });
      for (const member of members.items) {
        const name = [member.firstName, member.lastName].filter(Boolean).join(" ");
        byId.set(member.userId, name || member.userId);
      }
    } catch {
      // The page's owners still make a usable filter.
    }
  }
  byId.set(viewer.id, byId.get(viewer.id) ?? viewer.name);
  for (const row of rows) {
    if (!byId.has(row.ownerId)) byId.set(row.ownerId, row.owner?.name ?? "Unknown user");
  }
  for (const id of selected) if (!byId.has(id)) byId.set(id, id);
  return [...byId.entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, "en"));
}

export default async function MilestonesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParamsInput>;
}) {
  const viewer = await getViewer();
  const state = parseTableState(await searchParams);
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
  const owners = await getOwnerOptions(
    viewer.role,
    { id: session.user.id, name: session.user.name },
    page.items,
    state.owner,
  );
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
        actions={<CreateMilestoneDialog scopeLabel={scopeLabel} />}
      />
      <MilestonesTable
        state={state}
        rows={page.items}
        nextCursor={page.nextCursor}
        partial={page.partial}
        viewer={{ userId: session.user.id, role: viewer.role }}
        owners={owners}
        now={new Date().toISOString()}
      />
    </>
  );
}
