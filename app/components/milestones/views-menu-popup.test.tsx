import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { menuViews } from "@/app/lib/milestones/views";
import { orgCaller } from "@/core/portable/caller";
import { ViewsMenu } from "./views-menu";

const shareViewAction = vi.fn();
const saveViewAction = vi.fn();
vi.mock("@/app/lib/milestones/view-actions", () => ({
  saveViewAction: (input: unknown) => saveViewAction(input) as unknown,
  shareViewAction: (id: string, shared: boolean) => shareViewAction(id, shared) as unknown,
  deleteViewAction: vi.fn(),
}));

const READ = "org:milestones:read";
const admin = orgCaller("user_admin", "org_1", "org:admin", "", [
  READ,
  "org:milestones:create",
  "org:milestones:manage",
]);
const member = orgCaller("user_member", "org_1", "org:member", "", [READ, "org:milestones:create"]);

const saved = [
  { id: "v1", name: "Mine", state: "q=x", ownerId: "user_member", shared: false },
  { id: "v2", name: "Team", state: "status=BLOCKED", ownerId: "user_admin", shared: true },
];

function renderMenu(viewer = member, activeId: string | null = null) {
  const views = menuViews(saved, viewer.userId);
  render(<ViewsMenu views={views} activeId={activeId} currentState="q=new" viewer={viewer} />);
}

describe("ViewsMenu", () => {
  it("names the active view on its button and lists every group", async () => {
    const user = userEvent.setup();
    renderMenu(member, "v2");
    const button = screen.getByRole("button", { name: "Views: Team" });
    await user.click(button);
    expect(await screen.findByRole("group", { name: "Built-in" })).toBeTruthy();
    expect(screen.getByRole("menuitem", { name: "My open" }).getAttribute("href")).toContain(
      "owner=user_member",
    );
    expect(screen.getByRole("group", { name: "My views" }).textContent).toContain("Mine");
    const team = screen.getByRole("menuitem", { name: /Team/ });
    expect(team.getAttribute("aria-current")).toBe("true");
    expect(team.getAttribute("href")).toBe("/milestones?status=BLOCKED");
  });

  it("gives a member Delete for their own views and no Share at all", async () => {
    const user = userEvent.setup();
    renderMenu(member);
    await user.click(screen.getByRole("button", { name: "Views: none active" }));
    await user.click(await screen.findByRole("menuitem", { name: "Manage views…" }));
    const dialog = await screen.findByRole("dialog", { name: "Manage views" });
    expect(
      dialog.querySelectorAll("button[aria-label^='Share'], button[aria-label^='Unshare']"),
    ).toHaveLength(0);
    expect(screen.getByRole("button", { name: "Delete Mine" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Delete Team" })).toBeNull();
  });

  it("gives an admin Unshare and Delete on a shared view", async () => {
    shareViewAction.mockResolvedValue({ ok: true, view: saved[1] });
    const user = userEvent.setup();
    renderMenu(admin);
    await user.click(screen.getByRole("button", { name: "Views: none active" }));
    await user.click(await screen.findByRole("menuitem", { name: "Manage views…" }));
    await user.click(await screen.findByRole("button", { name: "Unshare Team" }));
    expect(shareViewAction).toHaveBeenCalledWith("v2", false);
    expect(screen.getByRole("button", { name: "Delete Team" })).toBeTruthy();
  });

  it("saves the current state under a trimmed name, refusing one over 60 characters", async () => {
    saveViewAction.mockResolvedValue({ ok: true, view: { ...saved[0], name: "New" } });
    const user = userEvent.setup();
    renderMenu(member);
    await user.click(screen.getByRole("button", { name: "Views: none active" }));
    await user.click(await screen.findByRole("menuitem", { name: "Save view…" }));
    const name = await screen.findByLabelText("Name");
    await user.type(name, "x".repeat(61));
    await user.click(screen.getByRole("button", { name: "Save view" }));
    expect((await screen.findByRole("alert")).textContent).toContain("at most 60");
    expect(saveViewAction).not.toHaveBeenCalled();
    await user.clear(name);
    await user.type(name, "  New  ");
    await user.click(screen.getByRole("button", { name: "Save view" }));
    expect(saveViewAction).toHaveBeenCalledWith({ name: "  New  ", state: "q=new" });
  });
});
