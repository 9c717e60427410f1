import { BuildingIcon, MilestoneIcon, UserIcon } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ErrorState } from "@/app/components/shell/page-states";
import { Avatar } from "@/app/components/ui/avatar";
import { Button } from "@/app/components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/components/ui/card";
import { getEnv } from "@/app/lib/env";
import { getSession } from "@/app/lib/session";
import { reportInternal, withReference } from "@/app/lib/errors";
import {
  ISSUER_UNAVAILABLE_MESSAGE,
  IssuerError,
  listDirectoryUsers,
  type DirectoryUser,
} from "@/app/lib/session/issuer";
import { ClerkSignIn } from "@waypoint/clerk-ui";

export const metadata: Metadata = { title: "Sign in" };

function UserCard({ user }: { user: DirectoryUser }) {
  const first = user.memberships[0];
  return (
    <li className="flex items-center gap-3 rounded-lg border bg-card p-3">
      <Avatar name={user.name} src={user.imageUrl} className="size-10" />
      <div className="grid min-w-0 flex-1 gap-1">
        <p className="truncate font-medium">{user.name}</p>
        <p className="truncate text-sm text-muted-foreground">{user.email}</p>
        <p className="flex flex-wrap gap-x-3 text-xs text-muted-foreground">
          {user.memberships.length === 0 ? (
            <span className="inline-flex items-center gap-1">
              <UserIcon className="size-3" aria-hidden /> Personal only
            </span>
          ) : (
            user.memberships.map((m) => (
              <span key={m.orgId} className="inline-flex items-center gap-1">
                <BuildingIcon className="size-3" aria-hidden /> {m.orgName} · {m.role}
              </span>
            ))
          )}
        </p>
      </div>
      <form method="post" action="/api/local/sign-in">
        <input type="hidden" name="userId" value={user.id} />
        {first ? <input type="hidden" name="orgId" value={first.orgId} /> : null}
        <Button type="submit" size="sm" aria-label={`Sign in as ${user.name}`}>
          Sign in
        </Button>
      </form>
    </li>
  );
}

async function LocalSignIn() {
  let users: DirectoryUser[];
  try {
    users = await listDirectoryUsers();
  } catch (error) {
    // The details (the issuer's URL, the network error) are in the server log only.
    const reference =
      error instanceof IssuerError
        ? error.reference
        : reportInternal("listing the local issuer's users", error);
    return (
      <ErrorState
        title={ISSUER_UNAVAILABLE_MESSAGE}
        message={withReference(
          "The users to sign in as could not be loaded. Start the stack with npm run dev",
          reference,
        )}
      />
    );
  }
  return (
    <Card className="w-full max-w-xl">
      <CardHeader>
        <CardTitle>Sign in to Waypoint</CardTitle>
        <CardDescription>
          Local mode: choose one of the local issuer&apos;s users. Tokens are minted by the issuer
          in Clerk&apos;s format; switch organizations after signing in.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ul aria-label="Users" className="grid gap-2">
          {users.map((user) => (
            <UserCard key={user.id} user={user} />
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

export default async function SignInPage() {
  const mode = getEnv().mode;
  if (mode === "local" && (await getSession().catch(() => null))) redirect("/overview");
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 bg-muted/40 px-4 py-10">
      <p className="flex items-center gap-2 text-lg font-semibold">
        <MilestoneIcon className="size-5" aria-hidden /> Waypoint
      </p>
      {mode === "clerk" ? <ClerkSignIn /> : <LocalSignIn />}
    </main>
  );
}
