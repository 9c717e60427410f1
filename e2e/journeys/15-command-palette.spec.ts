/**
 * Journey 15 (issue 21): the command palette, with the keyboard only. Ctrl+K opens it (a
 * WAI-ARIA combobox: aria-activedescendant names the highlighted option), typing searches
 * milestones through the API, arrows and Enter open one; reopened, it goes to a page; `?`
 * opens the shortcuts sheet (not while typing), and Escape returns focus where it was.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";

/** A fingerprint of the focused element, to check focus comes back to the same one. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "body";
    return `${element.tagName}|${element.getAttribute("aria-label") ?? ""}|${element.textContent ?? ""}`;
  });

/** Presses ArrowDown until `name`'s option is the highlighted one (the combobox's active descendant). */
async function highlight(page: Page, name: string) {
  const input = page.getByRole("combobox", { name: "Command palette" });
  const option = page.getByRole("option", { name });
  await expect(option).toBeVisible();
  for (let step = 0; step < 20; step++) {
    if ((await option.getAttribute("aria-selected")) === "true") break;
    await page.keyboard.press("ArrowDown");
  }
  await expect(option).toHaveAttribute("aria-selected", "true");
  const id = await option.getAttribute("id");
  expect(id).toBeTruthy();
  await expect(input).toHaveAttribute("aria-activedescendant", id ?? "");
}

test("the palette and the shortcuts sheet, used with the keyboard only", async ({
  freshOrg,
  adminPage: page,
}) => {
  const target = await freshOrg.admin.api.createMilestone({ title: "Palette target launch" });
  await freshOrg.admin.api.createMilestone({ title: "Other work" });
  await page.reload();

  await test.step("Ctrl+K opens a combobox; typing finds the milestone; Enter opens it", async () => {
    await page.keyboard.press("Control+k");
    const input = page.getByRole("combobox", { name: "Command palette" });
    await expect(input).toBeFocused();
    await expect(input).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("listbox")).toBeVisible();
    await page.keyboard.type("target lau");
    await highlight(page, "Palette target launch");
    await expect(page.getByRole("option", { name: "Other work" })).toHaveCount(0);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/milestones/${target.id}$`));
    await expect(page.getByRole("heading", { name: "Palette target launch" })).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });

  await test.step("reopened, it goes to a page the viewer may see", async () => {
    await page.keyboard.press("Control+k");
    await page.keyboard.type("audit");
    await highlight(page, "Go to Audit log");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/audit$/);
  });

  await test.step("Escape closes the palette and returns focus", async () => {
    await page.goto("/milestones");
    const search = page.getByRole("searchbox", { name: "Search milestones" });
    await search.focus();
    const before = await focused(page);
    await page.keyboard.press("Control+k");
    await expect(page.getByRole("combobox", { name: "Command palette" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    expect(await focused(page)).toBe(before);
  });

  await test.step("? is a character while typing, the shortcuts sheet elsewhere", async () => {
    const search = page.getByRole("searchbox", { name: "Search milestones" });
    await page.keyboard.press("?");
    await expect(search).toHaveValue("?");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await page.keyboard.press("Backspace");
    // Move focus off the field with the keyboard, to the next control.
    await page.keyboard.press("Tab");
    const before = await focused(page);
    expect(before).not.toBe("body");
    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText("Open the command palette");
    await expect(sheet).toContainText("Ctrl");
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
    expect(await focused(page)).toBe(before);
  });

  await test.step("New milestone from the palette opens the create dialog", async () => {
    await page.keyboard.press("Control+k");
    await page.keyboard.type("new milestone");
    await highlight(page, "New milestone");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("dialog", { name: "New milestone" })).toBeVisible();
    await expect(page).not.toHaveURL(/new=1/);
    await page.keyboard.press("Escape");
  });
});
