/**
 * The main navigation's pending feedback: the link a navigation is pending for shows a
 * spinner (useLinkStatus, which Next drives from the router; its state is set here), the
 * others keep theirs invisible, and the spinner is inside the link, as the hook requires.
 */
import { render, screen, within } from "@testing-library/react";
import type * as NextLink from "next/link";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Nav } from "./nav";
import { NAV_ITEMS } from "./nav-items";

const link = vi.hoisted(() => ({ pendingHref: null as string | null }));

vi.mock("next/navigation", () => ({ usePathname: () => "/milestones" }));
vi.mock("next/link", async (importOriginal) => {
  const actual = await importOriginal<typeof NextLink>();
  const React = await import("react");
  // Each Link tells its descendants its own href, so the mocked hook can answer per link.
  const Href = React.createContext<string | null>(null);
  function Link(props: React.ComponentProps<typeof actual.default>) {
    return React.createElement(
      Href.Provider,
      { value: typeof props.href === "string" ? props.href : (props.href.pathname ?? null) },
      React.createElement(actual.default, props),
    );
  }
  return {
    ...actual,
    default: Link,
    useLinkStatus: () => ({ pending: React.useContext(Href) === link.pendingHref }),
  };
});

function spinnerOf(name: string): Element {
  const anchor = screen.getByRole("link", { name });
  const spinner = anchor.querySelector("[data-pending]");
  expect(spinner, `${name}'s spinner`).not.toBeNull();
  return spinner as Element;
}

describe("Nav", () => {
  beforeEach(() => {
    link.pendingHref = null;
  });

  it("shows no spinner while nothing is pending, and marks the current page", () => {
    render(<Nav items={[...NAV_ITEMS]} orientation="vertical" />);
    for (const item of NAV_ITEMS) {
      const spinner = spinnerOf(item.label);
      expect(spinner.getAttribute("data-pending")).toBe("false");
      expect(spinner.getAttribute("class")).toContain("opacity-0");
      expect(spinner.getAttribute("aria-hidden")).toBe("true");
    }
    expect(screen.getByRole("link", { name: "Milestones" }).getAttribute("aria-current")).toBe(
      "page",
    );
  });

  it("spins in the link whose navigation is pending, and only there", () => {
    link.pendingHref = "/audit";
    render(<Nav items={[...NAV_ITEMS]} orientation="horizontal" />);
    const audit = spinnerOf("Audit log");
    expect(audit.getAttribute("data-pending")).toBe("true");
    expect(audit.getAttribute("class")).toContain("animate-spin");
    expect(audit.getAttribute("class")).not.toContain("opacity-0");
    for (const other of ["Milestones", "Members", "Sync health"]) {
      expect(spinnerOf(other).getAttribute("data-pending")).toBe("false");
    }
    // Its name stays the page's: the spinner is hidden from assistive technology.
    expect(
      within(screen.getByRole("navigation", { name: "Main" })).getAllByRole("link"),
    ).toHaveLength(NAV_ITEMS.length);
  });
});
