/**
 * Journey 11: the overview's numbers are the API's. An org's admin and member (two browser
 * contexts) make creates, status changes and deletes at the same time, in the dashboard and
 * through the API; then both overviews show, per status, exactly what counting the API's
 * milestones gives. The counts link to the filtered list; "my milestones" lists the
 * viewer's overdue and soon-due ones.
 */
import type { Page } from "@playwright/test";
import type { ApiClient, GraphQLResponse, MilestoneStatus } from "../support/api";
import { errorTypeOf } from "../support/api";
import { expect, test } from "../support/fixtures";
import { createMilestoneInUi } from "../support/milestones-ui";

const STATUSES: MilestoneStatus[] = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"];

/** A UTC calendar day `offset` days from today. */
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Sends a write again while a concurrent transaction cancelled it (as the dashboard does). */
async function retrying<T>(send: () => Promise<GraphQLResponse<T>>) {
  for (let attempt = 0; ; attempt++) {
    const response = await send();
    if (attempt >= 4 || errorTypeOf(response) !== "TransactionConflict") return response;
  }
}

/** One user's share of the burst: creates, then changes and deletes some of its own. */
async function burst(api: ApiClient, label: string) {
  const created = await Promise.all(
    STATUSES.flatMap((status, i) => [
      api.createMilestone({ title: `${label} ${status} a`, status, dueDate: day(i * 5 - 6) }),
      api.createMilestone({ title: `${label} ${status} b`, status }),
    ]),
  );
  await Promise.all([
    ...created
      .slice(0, 3)
      .map((m, i) =>
        retrying(() => api.updateMilestone(m.id, m.version, { status: STATUSES[(i + 1) % 4] })),
      ),
    ...created.slice(5, 7).map((m) => retrying(() => api.deleteMilestone(m.id, m.version))),
  ]);
}

/** The overview's number for each status, as the page shows it. */
async function overviewCounts(page: Page) {
  await page.goto("/overview");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const counts: Record<string, number> = {};
  for (const status of STATUSES)
    counts[status] = Number(await page.getByTestId(`count-${status}`).innerText());
  counts.total = Number(await page.getByTestId("count-total").innerText());
  return counts;
}

test("the overview's counts equal the API's after concurrent writes by two users", async ({
  adminPage,
  memberPage,
  freshOrg,
}) => {
  const { admin, member } = freshOrg;
  const memberOwn = await member.api.createMilestone({
    title: "Member's overdue report",
    status: "IN_PROGRESS",
    dueDate: day(-3),
  });

  await test.step("both users write at once, in the dashboard and through the API", async () => {
    await adminPage.goto("/milestones");
    await memberPage.goto("/milestones");
    await Promise.all([
      createMilestoneInUi(adminPage, { title: "Admin from the UI", status: "Done" }),
      createMilestoneInUi(memberPage, { title: "Member from the UI", status: "Blocked" }),
      burst(admin.api, "Admin"),
      burst(member.api, "Member"),
    ]);
  });

  await test.step("both overviews show the API's counts by status", async () => {
    const all = await admin.api.milestones();
    const want: Record<string, number> = { total: all.length };
    for (const status of STATUSES) want[status] = all.filter((m) => m.status === status).length;
    expect(all.length).toBe(1 + 2 + 2 * (8 - 2));
    expect(await overviewCounts(adminPage)).toEqual(want);
    expect(await overviewCounts(memberPage)).toEqual(want);
    // The chart arrives after first paint (lazy), with the same numbers beside it in a table.
    await expect(adminPage.getByTestId("status-chart")).toBeVisible();
    const table = adminPage.getByRole("table", { name: "Milestones by status" });
    await expect(table.getByRole("row", { name: `Total ${want.total}` })).toHaveCount(1);
  });

  await test.step("my milestones: the member's overdue one, not the admin's", async () => {
    const overdue = memberPage.getByRole("list", { name: "Overdue" });
    await expect(overdue.getByRole("link", { name: memberOwn.title })).toBeVisible();
    await expect(overdue.getByRole("link", { name: /^Admin / })).toHaveCount(0);
  });

  await test.step("a count opens the milestones list filtered by its status", async () => {
    const blocked = Number(await adminPage.getByTestId("count-BLOCKED").innerText());
    await adminPage
      .getByRole("list", { name: "Milestones by status" })
      .getByRole("link", { name: /Blocked/ })
      .click();
    await expect(adminPage).toHaveURL(/\/milestones\?status=BLOCKED$/);
    await expect(adminPage.getByRole("heading", { level: 1, name: "Milestones" })).toBeVisible();
    const rows = adminPage.getByRole("table", { name: "Milestones" }).getByRole("row");
    await expect(rows).toHaveCount(blocked + 1); // the header row
  });
});
