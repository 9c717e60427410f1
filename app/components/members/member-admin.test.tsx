import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

const actions = vi.hoisted(() => ({
  inviteMemberAction: vi.fn(),
  revokeInvitationAction: vi.fn(),
  changeMemberRoleAction: vi.fn(),
  removeMemberAction: vi.fn(),
}));
vi.mock("@/app/lib/members/actions", () => actions);
const refresh = vi.hoisted(() => vi.fn());
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const { InviteForm, MemberControls } = await import("./member-admin");

const roles = [
  { key: "org:admin", name: "Admin" },
  { key: "org:member", name: "Member" },
];

beforeEach(() => {
  for (const fn of Object.values(actions)) fn.mockReset();
  refresh.mockReset();
});

describe("InviteForm", () => {
  it("sends the email and the chosen role, and shows the server's message", async () => {
    const user = userEvent.setup();
    actions.inviteMemberAction.mockResolvedValue({
      ok: true,
      message: "Invitation sent to kim@x.test.",
    });
    render(<InviteForm roles={roles} />);
    await user.type(screen.getByLabelText("Email address"), "kim@x.test");
    await user.selectOptions(screen.getByLabelText("Role"), "org:admin");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect((await screen.findByRole("status")).textContent).toContain(
      "Invitation sent to kim@x.test.",
    );
    expect(actions.inviteMemberAction).toHaveBeenCalledWith({
      email: "kim@x.test",
      role: "org:admin",
    });
    expect(refresh).toHaveBeenCalled();
  });

  it("shows a refusal as an alert tied to the field, and stays accessible", async () => {
    const user = userEvent.setup();
    actions.inviteMemberAction.mockResolvedValue({
      ok: false,
      error: { type: "ConflictError", message: "Already invited.", field: "email" },
    });
    const { container } = render(<InviteForm roles={roles} />);
    await user.type(screen.getByLabelText("Email address"), "kim@x.test");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Already invited.");
    expect(screen.getByLabelText("Email address").getAttribute("aria-invalid")).toBe("true");
    expect(refresh).not.toHaveBeenCalled();
    const { default: axe } = await import("axe-core");
    // jsdom has no layout: contrast is checked in the browser (e2e/a11y.spec.ts).
    const result = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

describe("MemberControls", () => {
  it("removes only after confirmation; cancel does nothing", async () => {
    const user = userEvent.setup();
    actions.removeMemberAction.mockResolvedValue({ ok: true, message: "Member removed." });
    render(<MemberControls userId="user_g" name="Grace" role="org:member" roles={roles} />);
    await user.click(screen.getByRole("button", { name: "Remove Grace" }));
    await user.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(actions.removeMemberAction).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Remove Grace" }));
    await user.click(await screen.findByRole("button", { name: "Remove" }));
    expect((await screen.findByRole("status")).textContent).toContain("Member removed.");
    expect(actions.removeMemberAction).toHaveBeenCalledWith({ userId: "user_g" });
  });

  it("changes the role once another is chosen, and shows the refusal in the row", async () => {
    const user = userEvent.setup();
    actions.changeMemberRoleAction.mockResolvedValue({
      ok: false,
      error: { type: "ConflictError", message: "This is the organization's last admin." },
    });
    render(<MemberControls userId="user_a" name="Ada" role="org:admin" roles={roles} />);
    const change = screen.getByRole("button", { name: "Change role of Ada" });
    expect((change as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(screen.getByLabelText("Role for Ada"), "org:member");
    await user.click(change);
    expect((await screen.findByRole("alert")).textContent).toContain("last admin");
    expect(actions.changeMemberRoleAction).toHaveBeenCalledWith({
      userId: "user_a",
      role: "org:member",
    });
  });
});
