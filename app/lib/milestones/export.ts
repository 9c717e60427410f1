/**
 * The milestones CSV export as a stream: every row of a table state's filter and sort, across
 * all of the API's pages, as RFC 4180 CSV (core/csv.ts). Pull-based: the next API page is
 * fetched only when the consumer (the HTTP response, hence the downloading browser) asks for
 * more, so at most one page is held, whatever the scope's size. An API failure errors the
 * stream: the download breaks off instead of ending as a silently partial file.
 * Pure apart from the injected fetcher, so it is unit-tested without a server.
 */
import { csvRecord } from "../../../core/csv";
import type { MilestonePage } from "../api/schemas";
import { listQueryOf, type FetchMilestones } from "./listing";
import type { MilestoneTableState } from "./table-state";

type Item = MilestonePage["items"][number];

/** The export's columns, in order; the header row's names. */
export const EXPORT_COLUMNS = [
  "id",
  "title",
  "status",
  "owner name",
  "due date",
  "updated at",
  "version",
] as const;

/** Rows per API request: the API's maximum, so the export takes as few round trips as it can. */
export const EXPORT_PAGE_SIZE = 100;

/** One milestone as its CSV fields, in {@link EXPORT_COLUMNS} order. */
export function exportFields(item: Item): (string | number | null)[] {
  return [
    item.id,
    item.title,
    item.status,
    item.owner?.name ?? "",
    item.dueDate,
    item.updatedAt,
    item.version,
  ];
}

/**
 * The CSV of a table state: the header row, then the rows of every API page in the state's
 * sort, the multi-valued filters the API cannot apply applied here (as the table does). The
 * table's page size and cursor trail do not matter: an export starts at the first row.
 */
export function milestoneCsvStream(
  fetchPage: FetchMilestones,
  state: MilestoneTableState,
  options: { onError?: (error: unknown) => void } = {},
): ReadableStream<Uint8Array> {
  const { filter, sort, keep } = listQueryOf(state);
  const encoder = new TextEncoder();
  let token: string | null = null;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvRecord(EXPORT_COLUMNS)));
          return;
        }
        try {
          // Fetch until a page contributes a row or the list ends: one enqueue per pull.
          for (;;) {
            const page = await fetchPage({
              filter,
              sort,
              limit: EXPORT_PAGE_SIZE,
              nextToken: token,
            });
            token = page.nextToken;
            let text = "";
            for (const item of page.items) {
              if (!keep || keep(item)) text += csvRecord(exportFields(item));
            }
            if (done) return; // cancelled while the page was on its way
            if (text !== "") controller.enqueue(encoder.encode(text));
            if (!token) {
              done = true;
              controller.close();
              return;
            }
            if (text !== "") return;
          }
        } catch (error) {
          done = true;
          options.onError?.(error);
          controller.error(new Error("The export stopped: the API failed"));
        }
      },
      cancel() {
        done = true;
      },
    },
    // Nothing read ahead beyond the chunk being handed over: one page in memory at a time.
    { highWaterMark: 0 },
  );
}

/** `waypoint-<org slug or "personal">-<YYYY-MM-DD>.csv`, the slug kept to safe characters. */
export function exportFileName(orgSlug: string | null | undefined, now: Date): string {
  const slug = (orgSlug ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  return `waypoint-${slug === "" ? "personal" : slug}-${now.toISOString().slice(0, 10)}.csv`;
}
