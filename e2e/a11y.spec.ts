/**
 * axe-core on every page of the dashboard, in light and dark: no serious or critical
 * violation (WCAG 2.1 A/AA rules and axe's best practices).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  expect(serious).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    /** Opens `path`, checks the page rendered its heading and the theme applied, runs axe. */
    async function check(page: Page, path: string, heading: RegExp | string): Promise<void> {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /\bdark\b/ : /\blight\b/);
      await expectNoSeriousViolations(page);
    }

    test("sign-in", async ({ page }) => {
      await page.goto("/sign-in");
      await expect(page.getByRole("button", { name: "Sign in as Ada Lovelace" })).toBeVisible();
      await expectNoSeriousViolations(page);
    });

    test("milestones (admin)", async ({ adminPage, orgMilestone }) => {
      await check(adminPage, "/milestones", "Milestones");
      await expect(adminPage.getByText(orgMilestone.title)).toBeVisible();
    });

    test("overview (admin), its chart loaded", async ({ adminPage, orgMilestone }) => {
      await check(adminPage, "/overview", "Overview");
      await expect(adminPage.getByTestId("status-chart")).toBeVisible();
      await expect(adminPage.getByRole("list", { name: "Recently changed" })).toContainText(
        orgMilestone.title,
      );
      await expect(adminPage.getByTestId("sync-health-line")).toBeVisible();
      await expectNoSeriousViolations(adminPage);
    });

    test("overview (member), nothing due", async ({ memberPage }) => {
      await check(memberPage, "/overview", "Overview");
      await expect(memberPage.getByRole("status", { name: "Nothing due" })).toBeVisible();
    });

    test("milestone detail", async ({ adminPage, orgMilestone }) => {
      await adminPage.goto(`/milestones/${orgMilestone.id}`);
      await expect(adminPage.getByRole("heading", { level: 1 })).toContainText(orgMilestone.title);
      await expectNoSeriousViolations(adminPage);
    });

    test("members", async ({ adminPage }) => {
      await check(adminPage, "/members", "Members");
      await expect(adminPage.getByRole("table", { name: "Members" })).toBeVisible();
    });

    test("audit log", async ({ adminPage, orgMilestone }) => {
      await check(adminPage, "/audit", "Audit log");
      await expect(adminPage.getByRole("table", { name: "Audit log" })).toContainText(
        orgMilestone.title,
      );
    });

    test("sync health", async ({ adminPage }) => {
      await check(adminPage, "/sync", "Sync health");
    });

    test("milestones (member) and an admin page a member may not use", async ({ memberPage }) => {
      await check(memberPage, "/milestones", "Milestones");
      await expect(memberPage.getByRole("link", { name: "Members" })).toHaveCount(0);
      await memberPage.goto("/members");
      await expect(memberPage.getByRole("heading", { name: "Admins only" })).toBeVisible();
      await expectNoSeriousViolations(memberPage);
    });

    test("the command palette, open with results", async ({ adminPage, orgMilestone }) => {
      await check(adminPage, "/milestones", "Milestones");
      await adminPage.keyboard.press("Control+k");
      await expect(adminPage.getByRole("combobox", { name: "Command palette" })).toBeFocused();
      await adminPage.keyboard.type(orgMilestone.title.slice(0, 6));
      await expect(adminPage.getByRole("option", { name: orgMilestone.title })).toBeVisible();
      await expectNoSeriousViolations(adminPage);
    });

    test("the keyboard-shortcuts sheet", async ({ adminPage }) => {
      await check(adminPage, "/milestones", "Milestones");
      await adminPage.keyboard.press("?");
      await expect(adminPage.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
      await expectNoSeriousViolations(adminPage);
    });

    test("the Views menu and the Save view dialog", async ({ adminPage }) => {
      await check(adminPage, "/milestones", "Milestones");
      await adminPage.getByRole("button", { name: /^Views/ }).click();
      await expect(adminPage.getByRole("menuitem", { name: "My open" })).toBeVisible();
      await expectNoSeriousViolations(adminPage);
      await adminPage.getByRole("menuitem", { name: "Save view…" }).click();
      await expect(adminPage.getByRole("dialog", { name: "Save view" })).toBeVisible();
      await expectNoSeriousViolations(adminPage);
    });

    test("personal scope", async ({ personalPage }) => {
      await check(personalPage, "/milestones", "Milestones");
      await expect(personalPage.getByRole("button", { name: "Switch organization" })).toContainText(
        "Personal",
      );
    });
  });
}
