/**
 * The Milestones pages by their accessible names (docs/dashboard.md's contract): what a user
 * clicks and reads, never CSS.
 */
import { expect, type Locator, type Page } from "@playwright/test";

export function milestonesTable(page: Page): Locator {
  return page.getByRole("table", { name: "Milestones" });
}

/** The table row whose title link is exactly `title`. */
export function rowOf(page: Page, title: string): Locator {
  return milestonesTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: title, exact: true }) });
}

/** The titles of the rows on the current page, in order. */
export async function visibleTitles(page: Page): Promise<string[]> {
  await expect(milestonesTable(page)).not.toHaveAttribute("aria-busy", "true");
  return milestonesTable(page).getByRole("row").getByRole("link").allInnerTexts();
}

export interface MilestoneFormInput {
  title: string;
  description?: string;
  dueDate?: string;
  status?: "Planned" | "In progress" | "Done" | "Blocked";
}

/** Fills the milestone form's fields inside `scope` (a dialog or the edit section). */
export async function fillMilestoneForm(scope: Locator, input: Partial<MilestoneFormInput>) {
  if (input.title !== undefined) await scope.getByLabel("Title").fill(input.title);
  if (input.description !== undefined) {
    await scope.getByLabel("Description").fill(input.description);
  }
  if (input.status !== undefined) {
    await scope.getByLabel("Status").selectOption({ label: input.status });
  }
  if (input.dueDate !== undefined) await scope.getByLabel("Due date").fill(input.dueDate);
}

/** Opens "New milestone", submits the form; returns the dialog (still open if refused). */
export async function submitNewMilestone(page: Page, input: MilestoneFormInput): Promise<Locator> {
  await page.getByRole("button", { name: "New milestone" }).click();
  const dialog = page.getByRole("dialog", { name: "New milestone" });
  await expect(dialog).toBeVisible();
  await fillMilestoneForm(dialog, input);
  await dialog.getByRole("button", { name: "Create milestone" }).click();
  return dialog;
}

/** Creates a milestone through the dialog and waits for its row. */
export async function createMilestoneInUi(page: Page, input: MilestoneFormInput): Promise<void> {
  const dialog = await submitNewMilestone(page, input);
  await expect(dialog).toBeHidden();
  await expect(rowOf(page, input.title)).toBeVisible();
}

/** The edit section of a milestone's page. */
export function editSection(page: Page): Locator {
  return page.getByRole("region", { name: "Edit milestone" });
}

/** Chooses an organization (or "Personal") in the org switcher and waits for the new scope. */
export async function switchScope(page: Page, name: string): Promise<void> {
  const switcher = page.getByRole("button", { name: "Switch organization" });
  if ((await switcher.innerText()).trim() === name) return; // already there
  await switcher.click();
  await page.getByRole("menuitem", { name: new RegExp(`^${escapeRegExp(name)}\\b`) }).click();
  await expect(switcher).toContainText(name);
  await expect(page.getByRole("heading", { level: 1, name: "Milestones" })).toBeVisible();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
