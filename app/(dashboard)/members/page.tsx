import { UsersIcon } from "lucide-react";
import type { Metadata } from "next";
import {
  InviteForm,
  MemberControls,
  RevokeInvitationButton,
  type RoleOption,
} from "@/app/components/members/member-admin";
import { AdminListPage, type SearchParams } from "@/app/components/shell/admin-list-page";
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
import { api, type OrgInvitation } from "@/app/lib/api";
import { listRoles, MemberAdminError } from "@/app/lib/clerk-admin";
import { displayName } from "@/app/lib/display-name";
import { internalFailure } from "@/app/lib/api";
import { callerOf, getViewer } from "@/app/lib/session/viewer";
import { canAdmin } from "@/core/portable/authorization";

export const metadata: Metadata = { title: "Members" };

const PAGE_SIZE = 50;

/** What a member manager needs besides the list: the roles and the pending invitations. */
interface Management {
  roles: RoleOption[];
  invitations: OrgInvitation[];
  /** Why the roles or invitations could not be read, for the person looking. */
  problems: string[];
}

function problemOf(what: string, error: unknown): string {
  if (error instanceof MemberAdminError) return error.message;
  return `${what}: ${internalFailure(what, error).message}`;
}

async function loadManagement(): Promise<Management> {
  const problems: string[] = [];
  const [roles, invitations] = await Promise.all([
    listRoles().catch((error: unknown) => {
      problems.push(problemOf("The roles could not be read", error));
      return [];
    }),
    api
      .orgInvitations({ limit: 50 })
      .then((page) => page.items)
      .catch((error: unknown) => {
        problems.push(problemOf("The pending invitations could not be read", error));
        return [];
      }),
  ]);
  return { roles, invitations, problems };
}

function PendingInvitations({ invitations, now }: { invitations: OrgInvitation[]; now: Date }) {
  return (
    <section aria-labelledby="pending-invitations" className="grid gap-2">
      <h2 id="pending-invitations" className="text-base font-semibold">
        Pending invitations
      </h2>
      {invitations.length === 0 ? (
        <p className="text-sm text-muted-foreground">No pending invitations.</p>
      ) : (
        <div className="rounded-lg border">
          <Table aria-label="Pending invitations">
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Email address</TableHead>
                <TableHead scope="col">Role</TableHead>
                <TableHead scope="col">Invited</TableHead>
                <TableHead scope="col" className="text-right">
                  Actions
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invitations.map((invitation) => (
                <TableRow key={invitation.id}>
                  <TableCell className="font-medium">{invitation.emailAddress}</TableCell>
                  <TableCell>
                    <RoleBadge role={invitation.role} />
                  </TableCell>
                  <TableCell>
                    <RelativeTime value={invitation.createdAt} now={now} />
                  </TableCell>
                  <TableCell>
                    <RevokeInvitationButton id={invitation.id} email={invitation.emailAddress} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

export default async function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await getViewer();
  // The same rule the server actions apply; they decide again on every call.
  const manages = viewer.status === "ok" && canAdmin(callerOf(viewer), "org.manageMembers");
  const management = manages ? await loadManagement() : null;
  return (
    <AdminListPage
      searchParams={searchParams}
      path="/members"
      action="org.members"
      title="Members"
      description={({ session }) => {
        const orgName = session.orgName ?? session.orgSlug ?? "this organization";
        return manages
          ? `Everyone in ${orgName}, as mirrored from Clerk by webhook. Invitations, role changes and removals go to Clerk; this list follows within seconds.`
          : `Everyone in ${orgName}, as mirrored from Clerk by webhook. Roles change in Clerk; this list follows within seconds.`;
      }}
      load={(cursor) => api.orgMembers({ limit: PAGE_SIZE, nextToken: cursor })}
      intro={(_page, { now }) =>
        management ? (
          <div className="grid gap-6">
            {management.problems.map((problem) => (
              <p key={problem} role="alert" className="text-sm text-destructive">
                {problem}
              </p>
            ))}
            {management.roles.length > 0 ? <InviteForm roles={management.roles} /> : null}
            <PendingInvitations invitations={management.invitations} now={now} />
            <h2 className="text-base font-semibold">Members</h2>
          </div>
        ) : null
      }
      empty={{
        title: "No members",
        icon: <UsersIcon aria-hidden />,
        text: "The mirror has no members for this organization yet.",
      }}
      tableLabel="Members"
      columns={
        management
          ? ["Member", "User ID", "Role", "Last change", "Actions"]
          : ["Member", "User ID", "Role", "Last change"]
      }
      rows={(page, { viewer: v, now }) =>
        page.items.map((member) => {
          const name = displayName(member, member.userId);
          const self = member.userId === v.session.user.id;
          return (
            <TableRow key={member.userId}>
              <TableCell>
                <div className="flex items-center gap-3">
                  <Avatar name={name} src={member.imageUrl} />
                  <span className="font-medium">{name}</span>
                  {self ? <span className="text-xs text-muted-foreground">(you)</span> : null}
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
              {management ? (
                <TableCell>
                  {self || management.roles.length === 0 ? null : (
                    <MemberControls
                      userId={member.userId}
                      name={name}
                      role={member.role}
                      roles={management.roles}
                    />
                  )}
                </TableCell>
              ) : null}
            </TableRow>
          );
        })
      }
      paginationLabel="Members pages"
    />
  );
}
