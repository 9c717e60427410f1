"use client";
/**
 * The Members page's controls for holders of org.manageMembers: the invite form, revoke on a
 * pending invitation, role change and removal on a member's row. Each calls its server action
 * (app/lib/members/actions.ts, which decides again on the server) and shows its own result or
 * error next to the control that asked; destructive actions are confirmed first.
 */
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import ConfirmDialog from "@/app/components/milestones/confirm-dialog";
import { Button } from "@/app/components/ui/button";
import { Input } from "@/app/components/ui/input";
import { Label } from "@/app/components/ui/label";
import {
  changeMemberRoleAction,
  inviteMemberAction,
  removeMemberAction,
  revokeInvitationAction,
  type MemberActionResult,
} from "@/app/lib/members/actions";

export interface RoleOption {
  key: string;
  name: string;
}

const selectClass =
  "h-9 rounded-md border border-input bg-background px-2 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:opacity-50";

/** The result line of one control: a status when it worked, an alert when it did not. */
function Outcome({ id, result }: { id: string; result: MemberActionResult | null }) {
  if (!result) return <span id={id} />;
  if (result.ok)
    return (
      <span id={id} role="status" className="text-sm text-muted-foreground">
        {result.message}
        {result.warning ? ` ${result.warning}` : ""}
      </span>
    );
  return (
    <span id={id} role="alert" className="text-sm text-destructive">
      {result.error.message}
    </span>
  );
}

/** Runs an action, keeps its result, refreshes the page's server data when it worked. */
function useMemberAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<MemberActionResult | null>(null);
  const run = (action: () => Promise<MemberActionResult>) =>
    startTransition(async () => {
      const outcome = await action();
      setResult(outcome);
      if (outcome.ok) router.refresh();
    });
  return { pending, result, run };
}

export function InviteForm({ roles }: { roles: RoleOption[] }) {
  const { pending, result, run } = useMemberAction();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState(
    roles.find((r) => r.key === "org:member")?.key ?? roles[0]?.key ?? "",
  );
  const outcomeId = useId();
  const emailId = useId();
  const roleId = useId();
  const field = result && !result.ok ? result.error.field : undefined;
  return (
    <form
      aria-label="Invite a member"
      className="flex flex-wrap items-end gap-3 rounded-lg border p-4"
      onSubmit={(event) => {
        event.preventDefault();
        run(async () => {
          const outcome = await inviteMemberAction({ email, role });
          if (outcome.ok) setEmail("");
          return outcome;
        });
      }}
    >
      <div className="grid gap-1.5">
        <Label htmlFor={emailId}>Email address</Label>
        <Input
          id={emailId}
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={field === "email" || undefined}
          aria-describedby={outcomeId}
          className="w-72"
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={roleId}>Role</Label>
        <select
          id={roleId}
          className={selectClass}
          value={role}
          onChange={(event) => setRole(event.target.value)}
          aria-invalid={field === "role" || undefined}
          aria-describedby={outcomeId}
        >
          {roles.map((r) => (
            <option key={r.key} value={r.key}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        Send invitation
      </Button>
      <Outcome id={outcomeId} result={result} />
    </form>
  );
}

export function RevokeInvitationButton({ id, email }: { id: string; email: string }) {
  const { pending, result, run } = useMemberAction();
  const [confirming, setConfirming] = useState(false);
  const outcomeId = useId();
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <Outcome id={outcomeId} result={result} />
      <Button
        variant="outline"
        size="sm"
        disabled={pending}
        aria-label={`Revoke invitation to ${email}`}
        aria-describedby={outcomeId}
        onClick={() => setConfirming(true)}
      >
        Revoke
      </Button>
      {confirming ? (
        <ConfirmDialog
          title="Revoke this invitation?"
          description={`${email} will no longer be able to join with it.`}
          confirmLabel="Revoke"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            run(() => revokeInvitationAction({ invitationId: id }));
          }}
        />
      ) : null}
    </div>
  );
}

export function MemberControls({
  userId,
  name,
  role,
  roles,
}: {
  userId: string;
  name: string;
  role: string;
  roles: RoleOption[];
}) {
  const { pending, result, run } = useMemberAction();
  const [chosen, setChosen] = useState(role);
  const [confirming, setConfirming] = useState(false);
  const outcomeId = useId();
  const selectId = useId();
  const options = roles.some((r) => r.key === role) ? roles : [{ key: role, name: role }, ...roles];
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <Outcome id={outcomeId} result={result} />
      <label htmlFor={selectId} className="sr-only">
        Role for {name}
      </label>
      <select
        id={selectId}
        className={selectClass}
        value={chosen}
        disabled={pending}
        onChange={(event) => setChosen(event.target.value)}
        aria-describedby={outcomeId}
      >
        {options.map((r) => (
          <option key={r.key} value={r.key}>
            {r.name}
          </option>
        ))}
      </select>
      <Button
        variant="outline"
        size="sm"
        disabled={pending || chosen === role}
        aria-label={`Change role of ${name}`}
        onClick={() => run(() => changeMemberRoleAction({ userId, role: chosen }))}
      >
        Change role
      </Button>
      <Button
        variant="destructive"
        size="sm"
        disabled={pending}
        aria-label={`Remove ${name}`}
        aria-describedby={outcomeId}
        onClick={() => setConfirming(true)}
      >
        Remove
      </Button>
      {confirming ? (
        <ConfirmDialog
          title={`Remove ${name}?`}
          description={`${name} loses access to this organization and its milestones at once.`}
          confirmLabel="Remove"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            run(() => removeMemberAction({ userId }));
          }}
        />
      ) : null}
    </div>
  );
}
