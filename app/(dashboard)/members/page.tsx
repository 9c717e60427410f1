import { UsersIcon } from "lucide-react";
import type { Metadata } from "next";
import { CursorPagination, readCursor } from "@/app/components/shell/cursor-pagination";
import {
  AdminOnlyState,
  ApiErrorState,
  EmptyState,
  PageHeader,
} from "@/app/components/shell/page-states";
import { RoleBadge } from "@/app/components/shell/role-badge";
import { Avatar } from "@/app/components/ui/avatar";
import { RelativeTime } from "@/app/components/ui/relative-time";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/components/ui/table";
import { api, type OrgMemberPage } from "@/app/lib/api";
import { getViewer, isAdmin } from "@/app/lib/session/viewer";

export const metadata: Metadata = { title: "Members" };

const PAGE_SIZE = 50;

export default async function MembersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await getViewer();
  if (!isAdmin(viewer)) return <AdminOnlyState />;
  const { cursor, previous } = readCursor(await searchParams);
  let page: OrgMemberPage;
  try {
    page = await api.orgMembers({ limit: PAGE_SIZE, nextToken: cursor });
  } catch (error) {
    return <ApiErrorState error={error} adminPage />;
  }
  const orgName = viewer.session.orgName ?? viewer.session.orgSlug ?? "this organization";
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Members"
        description={`Everyone in ${orgName}, as mirrored from Clerk by webhook. Roles change in Clerk; this list follows within seconds.`}
      />
      {page.items.length === 0 ? (
        <EmptyState title="No members" icon={<UsersIcon aria-hidden />}>
          <p>The mirror has no members for this organization yet.</p>
        </EmptyState>
      ) : (
        <div className="rounded-lg border">
          <Table aria-label="Members">
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Member</TableHead>
                <TableHead scope="col">User ID</TableHead>
                <TableHead scope="col">Role</TableHead>
                <TableHead scope="col">Last change</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.items.map((member) => {
                const name =
                  [member.firstName, member.lastName].filter(Boolean).join(" ") || member.userId;
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
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {cursor || page.nextToken ? (
        <CursorPagination
          path="/members"
          cursor={cursor}
          previous={previous}
          nextToken={page.nextToken}
          label="Members pages"
        />
      ) : null}
    </>
  );
}
