/**
 * A page that calls `notFound()` answers HTTP 404 (and one that calls `forbidden()`, 403)
 * only when nothing has started the response before it runs. A `loading.tsx` in the page's segment or in any segment above it (route
 * groups included) is a Suspense boundary: its fallback is sent first, with 200, and the
 * not-found UI then streams in under that 200 (Next 16 docs: loading.js, "Status codes";
 * the streaming guide, "The HTTP contract"). This walks `app/` and keeps such boundaries
 * away from those pages; the e2e journeys 3 and 16 check the status codes themselves. The
 * admin pages call `forbidden()` through AdminListPage. (A layout wrapping its children in
 * <Suspense> would do the same; none does. The dashboard layout's own `forbidden()`, on lost
 * access, runs outside every page's boundary and needs no such care.)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const APP = dirname(fileURLToPath(import.meta.url));
const PAGE = /^page\.[jt]sx?$/;
const LOADING = /^loading\.[jt]sx?$/;

function pagesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return pagesUnder(path);
    return PAGE.test(entry.name) ? [path] : [];
  });
}

/** The loading files from the page's own segment up to `app/`, relative to `app/`. */
function loadingAbove(page: string): string[] {
  const found: string[] = [];
  for (let dir = dirname(page); ; dir = dirname(dir)) {
    for (const name of readdirSync(dir)) {
      if (LOADING.test(name)) found.push(relative(APP, join(dir, name)));
    }
    if (dir === APP || !dir.startsWith(APP + sep)) break;
  }
  return found;
}

/** notFound() or forbidden() in the page, or AdminListPage, which calls forbidden(). */
const INTERRUPTS = /\bnotFound\(\)|\bforbidden\(\)|<AdminListPage\b/;
const pages = pagesUnder(APP).filter((page) => INTERRUPTS.test(readFileSync(page, "utf8")));

describe("pages that call notFound() or forbidden()", () => {
  it.each([["milestones", "[id]"], ["members"], ["audit"], ["sync"]])(
    "include (dashboard)/%s",
    (...segments) => {
      const page = join(APP, "(dashboard)", ...segments, "page.tsx");
      expect(existsSync(page)).toBe(true);
      expect(pages).toContain(page);
    },
  );

  it.each(pages.map((page) => [relative(APP, page), page]))(
    "%s has no loading.tsx in its segment or above, so its 404 or 403 is sent as such",
    (_name, page) => {
      expect(loadingAbove(page)).toEqual([]);
    },
  );
});
