/**
 * HTTP 403's page (`forbidden()`; next.config.mjs enables authInterrupts): a member opening an
 * admin page (app/components/shell/admin-list-page.tsx), or anyone whose membership of the
 * active org is gone (app/(dashboard)/layout.tsx). It sits at the root because the
 * dashboard layout's own forbidden() is caught only above it; so it draws the shell itself,
 * with the org switcher, the way out of a lost organization.
 */
import { AdminOnlyState, LostAccessState } from "@/app/components/shell/page-states";
import { AppShell } from "@/app/components/shell/app-shell";
import { getViewer } from "@/app/lib/session/viewer";

export default async function Forbidden() {
  // The request's viewer (React cache): the same answer the layout or page decided on.
  const viewer = await getViewer();
  return (
    <AppShell viewer={viewer}>
      {viewer.status === "lost-access" ? <LostAccessState /> : <AdminOnlyState />}
    </AppShell>
  );
}
