/**
 * A page that calls `notFound()` answers HTTP 404 only when nothing has started the response
 * before it runs. A `loading.tsx` in the page's segment or in any segment above it (route
 * groups included) is a Suspense boundary: its fallback is sent first, with 200, and the
 * not-found UI then streams in under that 200 (Next 16 docs: loading.js, "Status codes";
 * the streaming guide, "The HTTP contract"). This walks `app/` and keeps such boundaries
 * away from those pages; the e2e journey 3 checks the status codes themselves. (A layout
 * wrapping its children in <Suspense> would do the same; none does.)
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

const pages = pagesUnder(APP).filter((page) => /\bnotFound\(\)/.test(readFileSync(page, "utf8")));

describe("pages that call notFound()", () => {
  it("include the milestone detail page", () => {
    const detail = join(APP, "(dashboard)", "milestones", "[id]", "page.tsx");
    expect(existsSync(detail)).toBe(true);
    expect(pages).toContain(detail);
  });

  it.each(pages.map((page) => [relative(APP, page), page]))(
    "%s has no loading.tsx in its segment or above, so its 404 is sent as a 404",
    (_name, page) => {
      expect(loadingAbove(page)).toEqual([]);
    },
  );
});
