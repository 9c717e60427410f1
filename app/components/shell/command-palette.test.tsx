import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import CommandPalette, { type PaletteProps } from "./command-palette";
import { CommandPaletteLauncher } from "./command-palette-launcher";

const push = vi.fn();
const setTheme = vi.fn();
const search = vi.fn();
const switchOrganization = vi.fn();

vi.mock("next/navigation", () => ({ useRouter: () => ({ push, replace: vi.fn() }) }));
vi.mock("next-themes", () => ({ useTheme: () => ({ theme: "light", setTheme }) }));
vi.mock("@/app/lib/milestones/search-actions", () => ({
  searchMilestonesAction: (query: string) => search(query) as unknown,
}));
vi.mock("@/app/lib/session/actions", () => ({
  switchOrganization: (orgId: string | null) => switchOrganization(orgId) as unknown,
}));
// The launcher loads the palette with next/dynamic; in tests, the modules themselves.
vi.mock("next/dynamic", async () => {
  const palette = await import("./command-palette");
  const sheet = await import("./shortcuts-sheet");
  let calls = 0;
  return { default: () => (calls++ % 2 === 0 ? palette.default : sheet.default) };
});

const base: PaletteProps = {
  open: true,
  onOpenChange: vi.fn(),
  pages: [
    { href: "/milestones", label: "Milestones" },
    { href: "/audit", label: "Audit log" },
  ],
  orgs: [
    { orgId: "org_a", orgName: "Acme", role: "admin" },
    { orgId: "org_b", orgName: "Globex", role: "member" },
  ],
  activeOrgId: "org_a",
  canCreate: true,
};

beforeEach(() => {
  vi.clearAllMocks();
  search.mockResolvedValue({ ok: true, hits: [] });
});

describe("CommandPalette", () => {
  it("is a combobox whose active descendant is the highlighted option", async () => {
    const user = userEvent.setup();
    render(<CommandPalette {...base} />);
    const input = screen.getByRole("combobox");
    expect(document.activeElement).toBe(input);
    expect(screen.getByRole("listbox")).toBeTruthy();
    const first = screen.getAllByRole("option")[0];
    expect(first?.getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(input.getAttribute("aria-activedescendant")).toBe(first?.id));
    await user.keyboard("{ArrowDown}");
    const second = screen.getAllByRole("option")[1];
    expect(second?.getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(input.getAttribute("aria-activedescendant")).toBe(second?.id));
    await user.keyboard("{ArrowUp}");
    await waitFor(() => expect(input.getAttribute("aria-activedescendant")).toBe(first?.id));
    expect(first?.getAttribute("aria-selected")).toBe("true");
  });

  it("goes to a page with Enter, and closes", async () => {
    const user = userEvent.setup();
    render(<CommandPalette {...base} />);
    await user.keyboard("audit");
    expect(screen.getByRole("option", { name: "Go to Audit log" })).toBeTruthy();
    expect(screen.queryByRole("option", { name: "Go to Milestones" })).toBeNull();
    await user.keyboard("{Enter}");
    expect(push).toHaveBeenCalledWith("/audit");
    expect(base.onOpenChange).toHaveBeenCalledWith(false);
  });

  it("searches milestones through the action, debounced, and opens the one chosen", async () => {
    search.mockResolvedValue({
      ok: true,
      hits: [{ id: "m1", title: "Launch plan", status: "PLANNED" }],
    });
    const user = userEvent.setup();
    render(<CommandPalette {...base} />);
    await user.keyboard("launch");
    const option = await screen.findByRole("option", { name: "Launch plan" });
    // The combobox names whichever option is highlighted, also after results arrive.
    const highlighted = screen
      .getAllByRole("option")
      .find((o) => o.getAttribute("aria-selected") === "true");
    await waitFor(() =>
      expect(screen.getByRole("combobox").getAttribute("aria-activedescendant")).toBe(
        highlighted?.id,
      ),
    );
    // One request for the whole word, not one per keystroke.
    expect(search.mock.calls).toEqual([["launch"]]);
    await user.click(option);
    expect(push).toHaveBeenCalledWith("/milestones/m1");
  });

  it("offers New milestone only to those who may create, and the viewer's other orgs", async () => {
    const user = userEvent.setup();
    const { unmount } = render(<CommandPalette {...base} canCreate={false} />);
    expect(screen.queryByRole("option", { name: "New milestone" })).toBeNull();
    unmount();
    render(<CommandPalette {...base} />);
    expect(screen.getByRole("option", { name: "New milestone" })).toBeTruthy();
    expect(
      screen.getByRole("option", { name: "Switch to Acme" }).getAttribute("aria-disabled"),
    ).toBe("true");
    await user.click(screen.getByRole("option", { name: "Switch to Globex" }));
    expect(switchOrganization).toHaveBeenCalledWith("org_b");
  });

  it("switches the theme", async () => {
    const user = userEvent.setup();
    render(<CommandPalette {...base} />);
    await user.click(screen.getByRole("option", { name: "Dark theme" }));
    expect(setTheme).toHaveBeenCalledWith("dark");
  });
});

describe("CommandPaletteLauncher", () => {
  const props = { pages: base.pages, orgs: [], activeOrgId: null, canCreate: true };

  it("opens on Ctrl+K and gives focus back on Escape", async () => {
    const user = userEvent.setup();
    render(
      <>
        <button type="button">Before</button>
        <CommandPaletteLauncher {...props} />
      </>,
    );
    const before = screen.getByRole("button", { name: "Before" });
    act(() => before.focus());
    await user.keyboard("{Control>}k{/Control}");
    expect(document.activeElement).toBe(await screen.findByRole("combobox"));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("combobox")).toBeNull();
    expect(document.activeElement).toBe(before);
  });

  it("opens the shortcuts sheet on ?, but not while typing", async () => {
    const user = userEvent.setup();
    render(
      <>
        <input aria-label="Field" />
        <button type="button">Elsewhere</button>
        <CommandPaletteLauncher {...props} />
      </>,
    );
    await user.click(screen.getByLabelText("Field"));
    await user.keyboard("?");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>("Field").value).toBe("?");
    const elsewhere = screen.getByRole("button", { name: "Elsewhere" });
    act(() => elsewhere.focus());
    await user.keyboard("?");
    const sheet = await screen.findByRole("dialog", { name: "Keyboard shortcuts" });
    expect(sheet.textContent).toContain("Open the command palette");
    await user.keyboard("{Escape}");
    expect(document.activeElement).toBe(elsewhere);
  });
});
