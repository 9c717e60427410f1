import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { TableCell, TableRow } from "@/app/components/ui/table";
import { ApiError } from "@/app/lib/api/errors";
import type { Viewer } from "@/app/lib/session/viewer";
import { AdminListPage, type AdminListPageProps, type CursorPage } from "./admin-list-page";

const session: { viewer?: Viewer } = vi.hoisted(() => ({}));
vi.mock("@/app/lib/session/viewer", () => ({
  getViewer: () => Promise.resolve(session.viewer),
  mayAdmin: (viewer: Viewer, action: string) =>
    viewer.status === "ok" && viewer.role === "admin" && action === "org.members",
}));

function viewer(role: "admin" | "member"): Viewer {
  return {
    status: "ok",
    role,
    me: {} as Extract<Viewer, { status: "ok" }>["me"],
    session: {
      mode: "local",
      user: { id: "user_ada", name: "Ada", email: "ada@example.com" },
      orgId: "org_acme",
      orgName: "Acme",
      role,
      getToken: () => Promise.resolve("token"),
    },
  };
}

interface ThingPage extends CursorPage {
  items: string[];
}

/** Renders the frame as Next would: the async component's result, awaited. */
async function renderPage(
  props: Partial<AdminListPageProps<ThingPage>> & Pick<AdminListPageProps<ThingPage>, "load">,
  params: Record<string, string | string[]> = {},
) {
  render(
    await AdminListPage<ThingPage>({
      searchParams: Promise.resolve(params),
      path: "/things",
      action: "org.members",
      title: "Things",
      description: "All the things.",
      empty: { title: "No things", icon: null, text: "Things show up here." },
      tableLabel: "Things",
      columns: ["Name", "Size"],
      rows: (page) =>
        page.items.map((item) => (
          <TableRow key={item}>
            <TableCell>{item}</TableCell>
            <TableCell>1</TableCell>
          </TableRow>
        )),
      paginationLabel: "Things pages",
      ...props,
    }),
  );
}

describe("AdminListPage", () => {
  beforeEach(() => {
    session.viewer = viewer("admin");
  });

  it("answers a member with forbidden() (HTTP 403, app/forbidden.tsx) and reads nothing", async () => {
    // What next.config.mjs's experimental.authInterrupts sets in a build.
    vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
    session.viewer = viewer("member");
    const load = vi.fn();
    await expect(renderPage({ load })).rejects.toMatchObject({
      digest: "NEXT_HTTP_ERROR_FALLBACK;403",
    });
    expect(load).not.toHaveBeenCalled();
  });

  it("reads the page at the URL's cursor and lists it in a named table", async () => {
    const load = vi.fn(() => Promise.resolve({ items: ["a", "b"], nextToken: "next" }));
    await renderPage(
      { load, description: ({ session }) => `Things of ${session.orgName}.` },
      {
        cursor: "c2",
        prev: "",
      },
    );
    expect(load).toHaveBeenCalledWith("c2");
    expect(screen.getByRole("heading", { level: 1, name: "Things" })).toBeTruthy();
    expect(screen.getByText("Things of Acme.")).toBeTruthy();
    const table = screen.getByRole("table", { name: "Things" });
    const headers = within(table).getAllByRole("columnheader");
    expect(headers.map((th) => [th.textContent, th.getAttribute("scope")])).toEqual([
      ["Name", "col"],
      ["Size", "col"],
    ]);
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    const pages = screen.getByRole("navigation", { name: "Things pages" });
    expect(within(pages).getByRole("link", { name: "Previous page" }).getAttribute("href")).toBe(
      "/things",
    );
    expect(within(pages).getByRole("link", { name: "Next page" }).getAttribute("href")).toBe(
      "/things?cursor=next&prev=&prev=c2",
    );
  });

  it("shows the empty state, and no pagination on a single page", async () => {
    await renderPage({ load: () => Promise.resolve({ items: [], nextToken: null }) });
    const empty = screen.getByRole("status", { name: "No things" });
    expect(empty.textContent).toContain("Things show up here.");
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("puts the intro between the header and the list, also when the list is empty", async () => {
    await renderPage({
      load: () => Promise.resolve({ items: [], nextToken: null }),
      intro: (page) => <p>{page.items.length} things so far</p>,
    });
    expect(screen.getByText("0 things so far")).toBeTruthy();
  });

  it("shows a failed read as the bare error state", async () => {
    await renderPage({ load: () => Promise.reject(new ApiError("Unavailable", "down")) });
    expect(screen.getByRole("alert", { name: "The API is not answering" })).toBeTruthy();
    expect(screen.queryByRole("heading", { level: 1 })).toBeNull();
  });

  it("shows what renderError returns under the header", async () => {
    await renderPage({
      load: () => Promise.reject(new ApiError("ValidationError", "no such field", undefined, true)),
      renderError: (error) => <p>{error instanceof ApiError ? error.message : "?"}</p>,
    });
    expect(screen.getByRole("heading", { level: 1, name: "Things" })).toBeTruthy();
    expect(screen.getByText("no such field")).toBeTruthy();
  });
});
