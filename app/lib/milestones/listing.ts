/**
 * One page of the Milestones table from the API, for a URL table state. The API filters by
 * one status and one owner and applies its filters after DynamoDB's limit, so a page can come
 * back short; this fills the page from the following API pages (up to a bound), and applies
 * multi-valued status and owner filters itself. A page may thus end in the middle of an API
 * page: its cursor is the API token plus the items of that page already shown.
 * Pure apart from the injected fetcher, so it is unit-tested without a server.
 */
import { dueRangeOf, todayUtc } from "../../../core/due-dates";
import type { MilestoneFilter, MilestonePage, MilestoneSort } from "../api/schemas";
import {
  apiSortOf,
  currentCursor,
  encodeCursor,
  type Cursor,
  type MilestoneTableState,
} from "./table-state";

export interface ListRequest {
  filter: MilestoneFilter;
  sort: MilestoneSort;
  limit: number;
  nextToken: string | null;
}

export type FetchMilestones = (request: ListRequest) => Promise<MilestonePage>;

type Item = MilestonePage["items"][number];

type Kept = Pick<Item, "status" | "ownerId" | "dueDate">;

/**
 * The API query for a state, and the part of the filter the API cannot apply. `today` (UTC,
 * `YYYY-MM-DD`) anchors a relative due filter.
 */
export function listQueryOf(
  state: MilestoneTableState,
  today: string = todayUtc(),
): {
  filter: MilestoneFilter;
  sort: MilestoneSort;
  keep: ((item: Kept) => boolean) | null;
} {
  const filter: MilestoneFilter = {};
  const [onlyStatus] = state.status;
  const [onlyOwner] = state.owner;
  if (state.status.length === 1 && onlyStatus) filter.status = onlyStatus;
  if (state.owner.length === 1 && onlyOwner) filter.ownerId = onlyOwner;
  if (state.q !== "") filter.titleContains = state.q;
  const due = state.due === null ? null : dueRangeOf(state.due, today);
  if (due) filter.dueBefore = due.before;
  const from = due?.from ?? null;
  const statuses = state.status.length > 1 ? new Set<string>(state.status) : null;
  const owners = state.owner.length > 1 ? new Set(state.owner) : null;
  const keep =
    statuses || owners || from
      ? (item: Kept) =>
          (!statuses || statuses.has(item.status)) &&
          (!owners || owners.has(item.ownerId)) &&
          (!from || (item.dueDate != null && item.dueDate >= from))
      : null;
  return { filter, sort: apiSortOf(state.sort), keep };
}

export interface LoadedPage {
  items: Item[];
  /** Where the next page starts (encoded), or null on the last page. */
  nextCursor: string | null;
  /** The request bound stopped the fill: fewer rows than the page size, more may follow. */
  partial: boolean;
}

/** API requests one table page may take to fill itself. */
export const MAX_REQUESTS_PER_PAGE = 8;

/** The table page of a state: up to `state.size` items from its cursor on. */
export async function loadMilestonePage(
  fetchPage: FetchMilestones,
  state: MilestoneTableState,
  maxRequests = MAX_REQUESTS_PER_PAGE,
): Promise<LoadedPage> {
  const { filter, sort, keep } = listQueryOf(state);
  let { token, skip }: Cursor = currentCursor(state);
  const items: Item[] = [];
  for (let request = 0; request < maxRequests; request++) {
    // Always the page size as the limit: a cursor's skip counts items of a page fetched so.
    const page = await fetchPage({ filter, sort, limit: state.size, nextToken: token });
    for (let index = skip; index < page.items.length; index++) {
      const item = page.items[index];
      if (!item || (keep && !keep(item))) continue;
      items.push(item);
      if (items.length === state.size) {
        const next: Cursor | null =
          index + 1 < page.items.length
            ? { token, skip: index + 1 }
            : page.nextToken
              ? { token: page.nextToken, skip: 0 }
              : null;
        return { items, nextCursor: next && encodeCursor(next), partial: false };
      }
    }
    if (!page.nextToken) return { items, nextCursor: null, partial: false };
    token = page.nextToken;
    skip = 0;
  }
  return { items, nextCursor: encodeCursor({ token, skip: 0 }), partial: true };
}
