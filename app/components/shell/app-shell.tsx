/**
 * The dashboard's frame: a sidebar (navigation filtered by role) on wide screens, a top bar
 * with the org switcher, theme toggle and user menu, a skip link, and the page in <main>.
 */
import { MilestoneIcon } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import { Badge } from "@/app/components/ui/badge";
import { callerOf, type Viewer } from "@/app/lib/session/viewer";
import { listDirectoryUsers } from "@/app/lib/session/issuer";
import { ClerkOrgSwitcher, ClerkUserButton } from "@waypoint/clerk-ui";
import { canCreate } from "@/core/portable/authorization";
import { CommandPaletteLauncher } from "./command-palette-launcher";
import { Nav } from "./nav";
import { navItemsFor, type NavItem } from "./nav-items";
import { LocalOrgSwitcher, type OrgOption } from "./org-switcher";
import { ThemeToggle } from "./theme-toggle";
import { LocalUserMenu } from "./user-menu";

/** The viewer's orgs from the local issuer's directory (local mode: the org switcher's list). */
async function localOrgOptions(viewer: Viewer): Promise<OrgOption[]> {
  const users = await listDirectoryUsers().catch(() => []);
  const user = users.find((u) => u.id === viewer.session.user.id);
  return (user?.memberships ?? []).map((m) => ({
    orgId: m.orgId,
    orgName: m.orgName,
    role: m.role,
  }));
}

async function LocalControls({ viewer }: { viewer: Viewer }) {
  const { session } = viewer;
  const options = await localOrgOptions(viewer);
  const activeName = session.orgId ? (session.orgName ?? session.orgId) : "Personal";
  return <LocalOrgSwitcher options={options} activeOrgId={session.orgId} activeName={activeName} />;
}

/**
 * The command palette's keys and data: the pages the viewer may see, the viewer's orgs (in
 * Clerk mode Clerk's own switcher lists them, so the palette leaves the group out).
 */
async function Palette({ viewer, pages }: { viewer: Viewer; pages: NavItem[] }) {
  const orgs = viewer.session.mode === "clerk" ? [] : await localOrgOptions(viewer);
  return (
    <CommandPaletteLauncher
      pages={pages.map(({ href, label }) => ({ href, label }))}
      orgs={orgs}
      activeOrgId={viewer.session.orgId}
      canCreate={viewer.status === "ok" && canCreate(callerOf(viewer))}
    />
  );
}

export function AppShell({ viewer, children }: { viewer: Viewer; children: React.ReactNode }) {
  const { session } = viewer;
  const items = navItemsFor(callerOf(viewer));
  const roleLabel = viewer.role === "admin" ? "Admin" : viewer.role === "member" ? "Member" : null;
  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:ring-[3px] focus:ring-ring/60"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 flex-col gap-6 border-r bg-sidebar p-4 md:flex">
        <Link
          href="/overview"
          className="flex items-center gap-2 rounded-md px-2 text-base font-semibold outline-none focus-visible:ring-[3px] focus-visible:ring-ring/60"
        >
          <MilestoneIcon className="size-5" aria-hidden />
          Waypoint
        </Link>
        <Nav items={items} orientation="vertical" />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center gap-3 border-b px-4">
          <Link
            href="/overview"
            aria-label="Waypoint home"
            className="rounded-md md:hidden outline-none focus-visible:ring-[3px] focus-visible:ring-ring/60"
          >
            <MilestoneIcon className="size-5" aria-hidden />
          </Link>
          <div className="flex min-w-0 items-center gap-2">
            {session.mode === "clerk" ? <ClerkOrgSwitcher /> : <LocalControls viewer={viewer} />}
            {roleLabel ? (
              <Badge variant="secondary" className="hidden sm:inline-flex">
                {roleLabel}
              </Badge>
            ) : null}
          </div>
          <div className="ml-auto flex items-center gap-1">
            <ThemeToggle />
            {session.mode === "clerk" ? (
              <ClerkUserButton />
            ) : (
              <LocalUserMenu
                name={session.user.name}
                email={session.user.email}
                imageUrl={session.user.imageUrl}
              />
            )}
          </div>
        </header>
        <div className="border-b px-2 py-1 md:hidden">
          <Nav items={items} orientation="horizontal" />
        </div>
        <main id="main" tabIndex={-1} className="flex-1 px-4 py-6 outline-none md:px-8">
          {children}
        </main>
        <Palette viewer={viewer} pages={items} />
      </div>
    </div>
  );
}
