import { forbidden } from "next/navigation";
import type * as React from "react";
import { AppShell } from "@/app/components/shell/app-shell";
import { ErrorState } from "@/app/components/shell/page-states";
import { getViewer } from "@/app/lib/session/viewer";

/**
 * Every dashboard page: signed in (else /sign-in), inside the shell. Removed from the active
 * org (the API denies the valid token): HTTP 403 with app/forbidden.tsx, which says so in the
 * same shell. The API not answering: a document request got HTTP 503 from proxy.ts already;
 * a client navigation (or a failure the probe did not see) shows the error state here.
 */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  if (viewer.status === "lost-access") forbidden();
  return (
    <AppShell viewer={viewer}>
      {viewer.status === "unavailable" ? (
        <ErrorState title="The API is not answering" message={viewer.message} />
      ) : (
        children
      )}
    </AppShell>
  );
}
