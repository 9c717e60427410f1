import { ArrowRightIcon, ScrollTextIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AdminListPage, type SearchParams } from "@/app/components/shell/admin-list-page";
import { roleLabel } from "@/app/components/shell/role-badge";
import { Badge } from "@/app/components/ui/badge";
import { RelativeTime } from "@/app/components/ui/relative-time";
import { TableCell, TableRow } from "@/app/components/ui/table";
import { api } from "@/app/lib/api";
import { impersonationNote, summarizeAuditEntry } from "./audit-summary";
import { displayName } from "@/app/lib/display-name";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 25;

/** A page of the audit log, with the actors' names. */
async function loadAuditPage(cursor: string | null) {
  const [entries, members] = await Promise.all([
    api.auditLog({ limit: PAGE_SIZE, nextToken: cursor }),
    // Names for the actors; a removed member shows as their id.
    api.orgMembers({ limit: 100 }).catch(() => ({ items: [] })),
  ]);
  const names = new Map(members.items.map((m) => [m.userId, displayName(m, m.userId)]));
  return { ...entries, names };
}

export default function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <AdminListPage
      searchParams={searchParams}
      path="/audit"
      action="org.auditLog"
      title="Audit log"
      description="Every change to the organization's milestones and members: who, what and when, newest first."
      load={loadAuditPage}
      empty={{
        title: "No activity yet",
        icon: <ScrollTextIcon aria-hidden />,
        text: "Changing a milestone or a membership in this organization leaves an entry here.",
      }}
      tableLabel="Audit log"
      columns={["When", "Who", "What", "Change"]}
      rows={(page, { now }) =>
        page.items.map((entry) => {
          const summary = summarizeAuditEntry(entry, page.names);
          const milestone = entry.targetType === "milestone";
          const impersonated = impersonationNote(entry, page.names);
          return (
            <TableRow key={entry.id}>
              <TableCell className="align-top">
                <RelativeTime value={entry.at} now={now} />
              </TableCell>
              <TableCell className="align-top">
                <div className="grid gap-0.5">
                  <span className="font-medium">
                    {page.names.get(entry.actorId) ?? entry.actorId}
                  </span>
                  {entry.actorRole ? (
                    <span className="text-xs text-muted-foreground">
                      {roleLabel(entry.actorRole)}
                    </span>
                  ) : null}
                  {impersonated ? (
                    // Clerk impersonation: the change is the user's, made by someone else.
                    <span className="text-xs text-muted-foreground">{impersonated}</span>
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="align-top">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge
                    variant={
                      summary.verb === "Deleted" || summary.verb === "Removed"
                        ? "destructive"
                        : summary.verb === "Created" || summary.verb === "Invited"
                          ? "success"
                          : "outline"
                    }
                  >
                    {summary.verb}
                  </Badge>
                  {summary.verb === "Deleted" || !milestone ? (
                    <span className="font-medium">{summary.title}</span>
                  ) : (
                    <Link
                      href={`/milestones/${encodeURIComponent(entry.targetId)}`}
                      className="font-medium underline-offset-4 hover:underline focus-visible:underline"
                    >
                      {summary.title}
                    </Link>
                  )}
                </div>
              </TableCell>
              <TableCell className="align-top">
                {summary.changes.length === 0 ? (
                  <span className="text-muted-foreground">—</span>
                ) : (
                  <ul className="grid gap-1 text-sm">
                    {summary.changes.map((change) => (
                      <li key={change.field} className="flex flex-wrap items-center gap-1.5">
                        <span className="text-muted-foreground">{change.field}:</span>
                        <span className="line-through decoration-muted-foreground/60">
                          {change.before}
                        </span>
                        <ArrowRightIcon className="size-3" aria-hidden />
                        <span className="sr-only">changed to</span>
                        <span>{change.after}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </TableCell>
            </TableRow>
          );
        })
      }
      paginationLabel="Audit log pages"
    />
  );
}
