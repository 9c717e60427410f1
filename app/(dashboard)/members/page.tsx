import { UsersIcon } from "lucide-react";
import type { Metadata } from "next";
import { AdminListPage, type SearchParams } from "@/app/components/shell/admin-list-page";
import { RoleBadge } from "@/app/components/shell/role-badge";
import { Avatar } from "@/app/components/ui/avatar";
import { RelativeTime } from "@/app/components/ui/relative-time";
import { TableCell, TableRow } from "@/app/components/ui/table";
import { api } from "@/app/lib/api";
import { displayName } from "@/app/lib/display-name";

export const metadata: Metadata = { title: "Members" };

const PAGE_SIZE = 50;

export default function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <AdminListPage
      searchParams={searchParams}
      path="/members"
      action="org.members"
      title="Members"
      description={({ session }) => {
        const orgName = session.orgName ?? session.orgSlug ?? "this organization";
        return `Everyone in ${orgName}, as mirrored from Clerk by webhook. Roles change in Clerk; this list follows within seconds.`;
      }}
      load={(cursor) => api.orgMembers({ limit: PAGE_SIZE, nextToken: cursor })}
      empty={{
        title: "No members",
        icon: <UsersIcon aria-hidden />,
        text: "The mirror has no members for this organization yet.",
      }}
      tableLabel="Members"
      columns={["Member", "User ID", "Role", "Last change"]}
      rows={(page, { viewer, now }) =>
        page.items.map((member) => {
          const name = displayName(member, member.userId);
          return (
            <TableRow key={member.userId}>
              <TableCell>
                <div className="flex items-center gap-3">
                  <Avatar name={name} src={member.imageUrl} />
                  <span className="font-medium">{name}</span>
                  {member.userId === viewer.session.user.id ? (
                    <span className="text-xs text-muted-foreground">(you)</span>
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="font-mono text-xs text-muted-foreground">
                {member.userId}
              </TableCell>
              <TableCell>
                <RoleBadge role={member.role} />
              </TableCell>
              <TableCell>
                <RelativeTime value={member.updatedAt} now={now} />
              </TableCell>
            </TableRow>
          );
        })
      }
      paginationLabel="Members pages"
    />
  );
}
