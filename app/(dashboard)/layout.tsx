import type * as React from "react";
import { AppShell } from "@/app/components/shell/app-shell";
import { ErrorState, LostAccessState } from "@/app/components/shell/page-states";
import { getViewer } from "@/app/lib/session/viewer";

/** Every dashboard page: signed in (else /sign-in), inside the shell. */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  return (
    <AppShell viewer={viewer}>
      {viewer.status === "lost-access" ? (
        <LostAccessState />
      ) : viewer.status === "unavailable" ? (
        <ErrorState title="The API is not answering" message={viewer.message} />
      ) : (
        children
      )}
    </AppShell>
  );
}
