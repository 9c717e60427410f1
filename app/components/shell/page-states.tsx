/**
 * The states every page shares: header, empty, error, lost access, admins only, API
 * unavailable. Pages render these instead of inventing their own wording.
 */
import { AlertTriangleIcon, LockIcon, ShieldOffIcon } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import { Button } from "@/app/components/ui/button";
import { ApiError, LOST_ACCESS_MESSAGE } from "@/app/lib/api/errors";
import { cn } from "@/app/lib/utils";

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export function StatePanel({
  icon,
  title,
  children,
  role,
  className,
}: {
  icon?: React.ReactNode;
  title: string;
  children?: React.ReactNode;
  role?: "alert" | "status";
  className?: string;
}) {
  return (
    <section
      role={role}
      aria-label={title}
      className={cn(
        "mx-auto flex max-w-md flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-12 text-center",
        className,
      )}
    >
      {icon ? (
        <div className="flex size-10 items-center justify-center rounded-full bg-muted [&_svg]:size-5">
          {icon}
        </div>
      ) : null}
      <h2 className="text-lg font-semibold">{title}</h2>
      {children ? <div className="grid gap-3 text-sm text-muted-foreground">{children}</div> : null}
    </section>
  );
}

export function EmptyState({
  title,
  children,
  icon,
}: {
  title: string;
  children?: React.ReactNode;
  icon?: React.ReactNode;
}) {
  return (
    <StatePanel title={title} icon={icon} role="status">
      {children}
    </StatePanel>
  );
}

/** Removed from the org (by webhook) while the token is still valid. */
export function LostAccessState() {
  return (
    <StatePanel icon={<ShieldOffIcon aria-hidden />} title={LOST_ACCESS_MESSAGE} role="alert">
      <p>
        An administrator removed you from this organization, or it was deleted. Switch to another
        organization or to your personal milestones with the organization switcher above.
      </p>
    </StatePanel>
  );
}

/** A member (or personal scope) opened a page for org admins. */
export function AdminOnlyState() {
  return (
    <StatePanel icon={<LockIcon aria-hidden />} title="Admins only" role="alert">
      <p>This page is for administrators of the active organization.</p>
      <div>
        <Button asChild variant="outline">
          <Link href="/milestones">Go to milestones</Link>
        </Button>
      </div>
    </StatePanel>
  );
}

export function ErrorState({
  title = "Something went wrong",
  message,
}: {
  title?: string;
  message: string;
}) {
  return (
    <StatePanel icon={<AlertTriangleIcon aria-hidden />} title={title} role="alert">
      <p>{message}</p>
    </StatePanel>
  );
}

/** The right state for an error a page got from the data module. */
export function ApiErrorState({
  error,
  adminPage = false,
}: {
  error: unknown;
  adminPage?: boolean;
}) {
  if (error instanceof ApiError) {
    if (error.type === "Unauthorized") {
      return adminPage &&
        error.message !== LOST_ACCESS_MESSAGE &&
        error.message !== "Not authorized" ? (
        <AdminOnlyState />
      ) : (
        <LostAccessState />
      );
    }
    if (error.type === "Unavailable") {
      return <ErrorState title="The API is not answering" message={error.message} />;
    }
    return <ErrorState message={error.message} />;
  }
  throw error;
}
