/**
 * Journey 6: 60+ milestones. Paginate forward and back, change the page size, sort, filter and
 * search; the URL keeps the state across a reload.
 */
import type { MilestoneStatus } from "../support/api";
import { expect, test } from "../support/fixtures";
import { milestonesTable, visibleTitles } from "../support/milestones-ui";

const COUNT = 62;
const STATUSES: MilestoneStatus[] = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"];
const pad = (n: number) => String(n).padStart(2, "0");
const titleOf = (n: number) => `Item ${pad(n)}`;

test("62 milestones: pages, page size, sort, filter and search, kept by the URL", async ({
  adminPage: page,
  freshOrg,
}) => {
  test.slow();
  const { admin } = freshOrg;

  await test.step("seed 62 milestones through the API", async () => {
    // In order, so "most recently updated first" is Item 62 … Item 01. Due dates run the
    // other way round (Item 62 is due first); every fourth is Blocked.
    for (let n = 1; n <= COUNT; n++) {
      await admin.api.createMilestone({
        title: titleOf(n),
        status: STATUSES[(n - 1) % 4]!,
        dueDate: `2030-${pad(1 + Math.floor((COUNT - n) / 28))}-${pad(1 + ((COUNT - n) % 28))}`,
      });
    }
    expect(await admin.api.milestones()).toHaveLength(COUNT);
  });

  const descending = (from: number, to: number) =>
    Array.from({ length: from - to + 1 }, (_, i) => titleOf(from - i));
  const next = page.getByRole("button", { name: "Next page" });
  const previous = page.getByRole("button", { name: "Previous page" });

  await test.step("forward and back through pages of 25", async () => {
    await page.reload();
    expect(await visibleTitles(page)).toEqual(descending(62, 38));
    await expect(previous).toBeDisabled();
    await next.click();
    await expect(page).toHaveURL(/[?&]cursor=/);
    await expect.poll(() => visibleTitles(page)).toEqual(descending(37, 13));
    await page.reload();
    expect(await visibleTitles(page)).toEqual(descending(37, 13));
    await next.click();
    await expect.poll(() => visibleTitles(page)).toEqual(descending(12, 1));
    await expect(next).toBeDisabled();
    await previous.click();
    await expect.poll(() => visibleTitles(page)).toEqual(descending(37, 13));
    await previous.click();
    await expect.poll(() => visibleTitles(page)).toEqual(descending(62, 38));
    await expect(page).not.toHaveURL(/cursor=/);
  });

  await test.step("rows per page", async () => {
    await page.getByLabel("Rows per page").selectOption("50");
    await expect(page).toHaveURL(/[?&]size=50/);
    await expect.poll(() => visibleTitles(page)).toEqual(descending(62, 13));
    await next.click();
    await expect.poll(() => visibleTitles(page)).toEqual(descending(12, 1));
    await page.reload();
    expect(await visibleTitles(page)).toEqual(descending(12, 1));
    await expect(page.getByLabel("Rows per page")).toHaveValue("50");
  });

  await test.step("sort by due date (earliest first), kept across reload", async () => {
    await page.getByRole("button", { name: "Sort by due date" }).click();
    await expect(page).toHaveURL(/[?&]sort=due/);
    await expect(page).not.toHaveURL(/cursor=/);
    // Item 62 is due first.
    await expect
      .poll(() => visibleTitles(page))
      .toEqual(Array.from({ length: 50 }, (_, i) => titleOf(62 - i)));
    await page.getByLabel("Rows per page").selectOption("25");
    await expect.poll(async () => (await visibleTitles(page))[0]).toBe("Item 62");
    await page.reload();
    await expect(page.getByRole("button", { name: "Due date, sorted ascending" })).toBeVisible();
    expect((await visibleTitles(page)).slice(0, 3)).toEqual(["Item 62", "Item 61", "Item 60"]);
    // Back to the default order.
    await page.getByRole("button", { name: "Sort by updated" }).click();
    await expect(page).not.toHaveURL(/sort=/);
    await expect.poll(async () => (await visibleTitles(page))[0]).toBe("Item 62");
  });

  await test.step("filter by status", async () => {
    await page.getByRole("button", { name: "Filter by status" }).click();
    // The checkbox shows the URL's state: it turns checked once the filtered page is there.
    await page.getByRole("checkbox", { name: "Blocked" }).click();
    await expect(page.getByRole("checkbox", { name: "Blocked" })).toBeChecked();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/[?&]status=BLOCKED/);
    const blocked = Array.from({ length: COUNT }, (_, i) => COUNT - i)
      .filter((n) => (n - 1) % 4 === 3)
      .map(titleOf);
    await expect.poll(() => visibleTitles(page)).toEqual(blocked);
    await expect(milestonesTable(page).getByText("Blocked", { exact: true })).toHaveCount(
      blocked.length,
    );
    await page.reload();
    expect(await visibleTitles(page)).toEqual(blocked);
    await expect(page.getByRole("button", { name: "Filter by status (1 selected)" })).toBeVisible();
  });

  await test.step("search, with the filter, kept across reload", async () => {
    const search = page.getByRole("searchbox", { name: "Search milestones" });
    await search.fill("Item 4");
    await expect(page).toHaveURL(/[?&]q=Item(\+|%20)4/);
    // Blocked among Item 40 … Item 49: 40, 44, 48.
    await expect.poll(() => visibleTitles(page)).toEqual(["Item 48", "Item 44", "Item 40"]);
    await page.reload();
    await expect(search).toHaveValue("Item 4");
    expect(await visibleTitles(page)).toEqual(["Item 48", "Item 44", "Item 40"]);

    await page.getByRole("button", { name: "Reset filters" }).first().click();
    await expect(page).not.toHaveURL(/[?&](q|status)=/);
    await search.fill("Item 4");
    await expect
      .poll(() => visibleTitles(page))
      .toEqual(Array.from({ length: 10 }, (_, i) => titleOf(49 - i)));
    await search.fill("nothing like this");
    await expect(page.getByText("No milestones match these filters")).toBeVisible();
  });
});
