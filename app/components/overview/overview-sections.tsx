/**
 * The overview's sections, rendered from what app/lib/overview/load.ts loaded: each section
 * shows its data, its empty state, or its own error (one failed read does not blank the page).
 */
import { CalendarClockIcon } from "lucide-react";
import type * as React from "react";
import { EmptyState, ErrorState } from "@/app/components/shell/page-states";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/components/ui/card";
import { ApiError } from "@/app/lib/api/errors";
import type { Overview, Section } from "@/app/lib/overview/load";
import { MilestoneList } from "./milestone-list";
import { StatusCounts } from "./status-counts";
import { SyncHealthLine } from "./sync-health-line";

function SectionBody<T>({
  section,
  children,
}: {
  section: Section<T>;
  children: (value: T) => React.ReactNode;
}) {
  if (section.ok) return <>{children(section.value)}</>;
  const message =
    section.error instanceof ApiError ? section.error.message : "This part could not be loaded.";
  return <ErrorState title="Not available right now" message={message} />;
}

export function OverviewSections({ overview, now }: { overview: Overview; now: Date }) {
  const { today, dueSoonDays: DUE_SOON_DAYS } = overview;
  return (
    <div className="grid gap-6">
      {overview.sync ? (
        <section aria-label="Sync health">
          <SectionBody section={overview.sync}>
            {(health) => <SyncHealthLine health={health} now={now} />}
          </SectionBody>
        </section>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>My milestones</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <SectionBody section={overview.mine}>
              {(mine) =>
                mine.overdue.length === 0 && mine.dueSoon.length === 0 ? (
                  <EmptyState title="Nothing due" icon={<CalendarClockIcon aria-hidden />}>
                    <p>
                      None of your open milestones is overdue or due in the next {DUE_SOON_DAYS}{" "}
                      days.
                    </p>
                  </EmptyState>
                ) : (
                  <>
                    <div className="grid gap-2">
                      <h3 className="text-sm font-semibold">
                        Overdue{" "}
                        <span className="text-muted-foreground">({mine.overdue.length})</span>
                      </h3>
                      <MilestoneList
                        label="Overdue"
                        items={mine.overdue}
                        today={today}
                        now={now}
                        show="due"
                        empty="Nothing overdue."
                      />
                    </div>
                    <div className="grid gap-2">
                      <h3 className="text-sm font-semibold">
                        Due in the next {DUE_SOON_DAYS} days{" "}
                        <span className="text-muted-foreground">({mine.dueSoon.length})</span>
                      </h3>
                      <MilestoneList
                        label={`Due in the next ${DUE_SOON_DAYS} days`}
                        items={mine.dueSoon}
                        today={today}
                        now={now}
                        show="due"
                        empty={`Nothing due in the next ${DUE_SOON_DAYS} days.`}
                      />
                    </div>
                    {mine.truncated ? (
                      <p className="text-sm text-muted-foreground">
                        Showing the earliest; more are in the milestones list.
                      </p>
                    ) : null}
                  </>
                )
              }
            </SectionBody>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>By status</CardTitle>
          </CardHeader>
          <CardContent>
            <SectionBody section={overview.stats}>
              {(stats) => <StatusCounts stats={stats} />}
            </SectionBody>
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Recently changed</CardTitle>
        </CardHeader>
        <CardContent>
          <SectionBody section={overview.recent}>
            {(recent) => (
              <MilestoneList
                label="Recently changed"
                items={recent}
                today={today}
                now={now}
                show="updated"
                empty="No milestones yet."
              />
            )}
          </SectionBody>
        </CardContent>
      </Card>
    </div>
  );
}
