/**
 * /milestones/[id]: a milestone's detail, and its edit form for whoever may edit it. Ids of
 * other tenants (or deleted ones) are NotFound: the API answers nothing outside the scope,
 * and this page answers HTTP 404 for both, with the same not-found page.
 *
 * The 404 needs `notFound()` to run before the response starts: once a Suspense fallback is
 * sent, the status is already 200 and a later `notFound()` only swaps the UI in (Next's
 * streaming guide, "The HTTP contract"; loading.js, "Status codes"). So no `loading.tsx`
 * (a Suspense boundary) may wrap this page — neither in this segment nor above it, which is
 * why the dashboard's skeleton lives in each of the other pages' segments. Checking in
 * `generateMetadata` does not help: browsers get its result streamed, and its `notFound()`
 * is rethrown inside this segment, under any boundary (bots included; tried on 16.4.6).
 * `app/not-found-status.test.ts` keeps loading boundaries away from pages like this one.
 */
import { ArrowLeftIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { MilestoneEditor } from "@/app/components/milestones/milestone-editor";
import { MilestoneLive, MilestoneLiveCue } from "@/app/components/milestones/milestone-live";
import { StatusBadge } from "@/app/components/milestones/status";
import { ApiErrorState } from "@/app/components/shell/page-states";
import { RelativeTime } from "@/app/components/ui/relative-time";
import { api, type Milestone } from "@/app/lib/api";
import { callerOf, getViewer } from "@/app/lib/session/viewer";
import { canEdit } from "@/core/portable/authorization";

const ID = /^[A-Za-z0-9_-]{1,256}$/;

/** One API call per request for metadata and page alike. */
const getMilestone = cache(async (id: string): Promise<Milestone | null> =>
  ID.test(id) ? api.milestone(id) : null,
);

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const { id } = await params;
  // The page shows the API's failure; the title stays generic then.
  const milestone = await getMilestone(id).catch(() => undefined);
  if (milestone === null) return { title: "Milestone not found" };
  return { title: milestone ? milestone.title : "Milestone" };
}

const dueFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

export default async function MilestonePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  let milestone: Milestone | null;
  try {
    milestone = await getMilestone(id);
  } catch (error) {
    return <ApiErrorState error={error} />;
  }
  if (!milestone) notFound();
  const { session } = viewer;
  const editable = canEdit(callerOf(viewer), milestone);
  const now = new Date();
  // Who the live cue can name without asking (others are looked up when they act).
  const names: Record<string, string> = { [session.user.id]: session.user.name };
  if (milestone.owner?.name) names[milestone.ownerId] = milestone.owner.name;
  return (
    <MilestoneLive
      milestoneId={milestone.id}
      names={names}
      className="mx-auto grid max-w-3xl gap-6"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Link
          href="/milestones"
          className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ArrowLeftIcon aria-hidden className="size-4" />
          Milestones
        </Link>
        <MilestoneLiveCue />
      </div>
      <header className="grid gap-2">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{milestone.title}</h1>
        <dl className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm text-muted-foreground">
          <div className="flex items-center gap-2">
            <dt className="sr-only">Status</dt>
            <dd>
              <StatusBadge status={milestone.status} />
            </dd>
          </div>
          <div className="flex gap-1">
            <dt>Owner</dt>
            <dd className="text-foreground">
              {milestone.owner?.name ?? "Unknown user"}
              {milestone.ownerId === session.user.id ? " (you)" : ""}
            </dd>
          </div>
          <div className="flex gap-1">
            <dt>Due</dt>
            <dd className="text-foreground">
              {milestone.dueDate
                ? dueFormat.format(new Date(`${milestone.dueDate}T00:00:00Z`))
                : "—"}
            </dd>
          </div>
          <div className="flex gap-1">
            <dt>Updated</dt>
            <dd className="text-foreground">
              <RelativeTime value={milestone.updatedAt} now={now} />
            </dd>
          </div>
          <div className="flex gap-1">
            <dt>Created</dt>
            <dd className="text-foreground">
              <RelativeTime value={milestone.createdAt} now={now} />
            </dd>
          </div>
        </dl>
      </header>
      {editable ? (
        <MilestoneEditor milestone={milestone} />
      ) : (
        <section aria-label="Description" className="grid gap-3">
          <p className="whitespace-pre-wrap break-words">
            {milestone.description || (
              <span className="text-muted-foreground">No description.</span>
            )}
          </p>
          <p className="text-sm text-muted-foreground">
            Only its owner, or someone who manages this organization’s milestones, can edit it.
          </p>
        </section>
      )}
    </MilestoneLive>
  );
}
