/**
 * /overview, the landing page after sign-in: the viewer's overdue and soon-due milestones,
 * the scope's counts by status (chart loaded lazily), the latest changes, and for admins a
 * sync-health line. Thin: app/lib/overview/load.ts reads through the API, core decides.
 */
import type { Metadata } from "next";
import { OverviewSections } from "@/app/components/overview/overview-sections";
import { PageHeader, StatePanel } from "@/app/components/shell/page-states";
import { api } from "@/app/lib/api";
import { loadOverview } from "@/app/lib/overview/load";
import { callerOf, getViewer, mayAdmin } from "@/app/lib/session/viewer";
import { canReadMilestones } from "@/core/portable/authorization";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const viewer = await getViewer();
  const { session } = viewer;
  const description = session.orgId
    ? `What needs attention in ${session.orgName ?? "the organization"}.`
    : "What needs attention in your personal milestones.";
  if (!canReadMilestones(callerOf(viewer)))
    return (
      <>
        <PageHeader title="Overview" description={description} />
        <StatePanel title="No milestones to show" role="status">
          <p>Your role in this organization does not include reading its milestones.</p>
        </StatePanel>
      </>
    );
  const now = new Date();
  const overview = await loadOverview(
    api,
    { userId: session.user.id, seesSyncHealth: mayAdmin(viewer, "org.syncEvents") },
    now,
  );
  return (
    <>
      <PageHeader title="Overview" description={description} />
      <OverviewSections overview={overview} now={now} />
    </>
  );
}
