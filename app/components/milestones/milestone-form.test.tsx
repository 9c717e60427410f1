import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Milestone } from "@/app/lib/api/schemas";
import { ApiError } from "@/app/lib/api/errors";
import { CreateMilestoneDialog } from "./create-milestone-dialog";
import { MilestoneEditor } from "./milestone-editor";

const router = { push: vi.fn(), replace: vi.fn(), refresh: vi.fn() };
const search = vi.hoisted(() => ({ params: new URLSearchParams() }));
vi.mock("next/navigation", () => ({
  useRouter: () => router,
  usePathname: () => "/milestones",
  useSearchParams: () => search.params,
}));

// The real server actions run (zod validation with core's schemas, error mapping); only what
// they call is replaced: the data module, the session and Next's cache.
const api = vi.hoisted(() => ({
  createMilestone: vi.fn(),
  updateMilestone: vi.fn(),
  deleteMilestone: vi.fn(),
  deleteMilestones: vi.fn(),
}));
vi.mock("@/app/lib/api", () => ({ api }));
vi.mock("@/app/lib/session", () => ({
  getSession: () =>
    Promise.resolve({
      mode: "local",
      user: { id: "user_alice", name: "Alice", email: "alice@test" },
      orgId: "org_acme",
      role: "admin",
      getToken: () => Promise.resolve("token"),
    }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

beforeEach(() => vi.clearAllMocks());

async function openCreateDialog() {
  const user = userEvent.setup();
  render(<CreateMilestoneDialog scopeLabel="Acme" />);
  await user.click(screen.getByRole("button", { name: "New milestone" }));
  const dialog = await screen.findByRole("dialog", { name: "New milestone" });
  return { user, dialog };
}

/** What a browser's date input reports for a half-typed date: value "", validity.badInput. */
function typeHalfADate(input: HTMLElement) {
  Object.defineProperty(input, "validity", {
    configurable: true,
    get: () => ({ badInput: true, valid: false }),
  });
  fireEvent.focusOut(input);
}

describe("milestone form validation", () => {
  it("shows a message per field: empty title, 10,000-character description, invalid date", async () => {
    const { user, dialog } = await openCreateDialog();
    const title = within(dialog).getByLabelText("Title");
    const description = within(dialog).getByLabelText("Description");
    fireEvent.change(description, { target: { value: "d".repeat(10_000) } });
    typeHalfADate(within(dialog).getByLabelText("Due date"));
    await user.click(within(dialog).getByRole("button", { name: "Create milestone" }));

    expect(await within(dialog).findByText("Title is required")).toBeTruthy();
    expect(within(dialog).getByText("Description must be at most 5000 characters")).toBeTruthy();
    expect(within(dialog).getByText("Due date must be a valid date (YYYY-MM-DD)")).toBeTruthy();
    expect(title.getAttribute("aria-invalid")).toBe("true");
    // The message is the field's description for screen readers.
    const describedBy = title.getAttribute("aria-describedby") ?? "";
    expect(document.getElementById(describedBy)?.textContent).toBe("Title is required");
    expect(api.createMilestone).not.toHaveBeenCalled();
  });

  it("a corrected field drops its message; a valid form calls the action with parsed input", async () => {
    api.createMilestone.mockResolvedValue({ title: "Launch" });
    const { user, dialog } = await openCreateDialog();
    await user.click(within(dialog).getByRole("button", { name: "Create milestone" }));
    expect(await within(dialog).findByText("Title is required")).toBeTruthy();
    const title = within(dialog).getByLabelText("Title");
    await vi.waitFor(() => expect(title).toHaveProperty("disabled", false));
    await user.type(title, "  Launch  ");
    expect(within(dialog).queryByText("Title is required")).toBeNull();
    fireEvent.change(within(dialog).getByLabelText("Due date"), {
      target: { value: "2027-03-31" },
    });
    await user.selectOptions(within(dialog).getByLabelText("Status"), "IN_PROGRESS");
    await user.click(within(dialog).getByRole("button", { name: "Create milestone" }));
    await vi.waitFor(() =>
      expect(api.createMilestone).toHaveBeenCalledWith({
        title: "Launch",
        description: "",
        status: "IN_PROGRESS",
        dueDate: "2027-03-31",
      }),
    );
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("shows the server's field message when the API rejects a field", async () => {
    api.createMilestone.mockRejectedValue(
      new ApiError("ValidationError", "Title must be at most 200 characters"),
    );
    const { user, dialog } = await openCreateDialog();
    await user.type(within(dialog).getByLabelText("Title"), "Fine locally");
    await user.click(within(dialog).getByRole("button", { name: "Create milestone" }));
    expect(await within(dialog).findByText("Title must be at most 200 characters")).toBeTruthy();
    expect(within(dialog).getByLabelText("Title").getAttribute("aria-invalid")).toBe("true");
    expect(within(dialog).getByLabelText("Title")).toHaveProperty("value", "Fine locally");
  });
});

describe("CreateMilestoneDialog and ?new=1 (the command palette's New milestone)", () => {
  it("opens on the flag and drops it from the URL, keeping the rest", async () => {
    search.params = new URLSearchParams("status=DONE&new=1");
    try {
      render(<CreateMilestoneDialog scopeLabel="Acme" />);
      expect(await screen.findByRole("dialog", { name: "New milestone" })).toBeTruthy();
      expect(router.replace).toHaveBeenCalledWith("/milestones?status=DONE", { scroll: false });
    } finally {
      search.params = new URLSearchParams();
    }
  });

  it("stays closed without it", () => {
    render(<CreateMilestoneDialog scopeLabel="Acme" />);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(router.replace).not.toHaveBeenCalled();
  });
});

describe("MilestoneEditor", () => {
  const milestone: Milestone = {
    id: "m1",
    scope: "ORG",
    orgId: "org_acme",
    ownerId: "user_alice",
    owner: { id: "user_alice", name: "Alice", imageUrl: null },
    title: "Launch",
    description: "Ship it",
    status: "PLANNED",
    dueDate: "2027-01-31",
    createdAt: "2026-11-01T10:00:00.000Z",
    updatedAt: "2026-11-26T17:00:00.000Z",
    version: 3,
  };

  it("sends only the changed fields with the version it read", async () => {
    const user = userEvent.setup();
    api.updateMilestone.mockResolvedValue({ ...milestone, status: "DONE", version: 4 });
    render(<MilestoneEditor milestone={milestone} />);
    await user.selectOptions(screen.getByLabelText("Status"), "DONE");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await vi.waitFor(() =>
      expect(api.updateMilestone).toHaveBeenCalledWith("m1", 3, { status: "DONE" }),
    );
  });

  it("on a conflict says so and keeps the typed input; a reload keeps the user's edits", async () => {
    const user = userEvent.setup();
    api.updateMilestone.mockRejectedValue(
      new ApiError("ConflictError", "The milestone has changed since it was read", {
        currentVersion: 4,
      }),
    );
    const { rerender } = render(<MilestoneEditor milestone={milestone} />);
    const title = screen.getByLabelText("Title");
    await user.clear(title);
    await user.type(title, "Launch, my wording");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("changed by someone else");
    expect(screen.getByLabelText("Title")).toHaveProperty("value", "Launch, my wording");

    await user.click(within(alert).getByRole("button", { name: "Reload" }));
    expect(router.refresh).toHaveBeenCalled();
    // The refresh brings version 4, changed elsewhere: description and status.
    rerender(
      <MilestoneEditor
        milestone={{ ...milestone, description: "Theirs", status: "BLOCKED", version: 4 }}
      />,
    );
    expect(screen.getByLabelText("Title")).toHaveProperty("value", "Launch, my wording");
    expect(screen.getByLabelText("Description")).toHaveProperty("value", "Theirs");
    expect(screen.getByLabelText("Status")).toHaveProperty("value", "BLOCKED");

    api.updateMilestone.mockReset();
    api.updateMilestone.mockResolvedValue({ ...milestone, version: 5 });
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await vi.waitFor(() =>
      expect(api.updateMilestone).toHaveBeenLastCalledWith("m1", 4, {
        title: "Launch, my wording",
      }),
    );
  });

  it("deletes after confirmation and goes back to the list", async () => {
    const user = userEvent.setup();
    api.deleteMilestone.mockResolvedValue(milestone);
    render(<MilestoneEditor milestone={milestone} />);
    await user.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete “Launch”?" });
    expect(api.deleteMilestone).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await vi.waitFor(() => expect(api.deleteMilestone).toHaveBeenCalledWith("m1", 3));
    await vi.waitFor(() => expect(router.push).toHaveBeenCalledWith("/milestones"));
  });
});
