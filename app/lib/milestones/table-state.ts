/**
 * The Milestones table's state as it lives in the URL: filters, search, sort, page size,
 * hidden columns and the trail of cursors that led to the current page. Pure (no I/O, no
 * React), shared by the server page (which fetches from it) and the client table (which
 * navigates by rewriting it). Anything invalid in a URL falls back to its default, field by
 * field, so a hand-edited or stale link still opens a working table.
 *
 * URL shape (defaults are omitted, keys in this order):
 * `?status=IN_PROGRESS,DONE&owner=user_1&q=launch&sort=due&size=50&hide=owner&due=overdue&cursor=…`
 *
 * A saved view (core/portable/views.ts) is this string without its cursors: {@link viewStateOf}.
 */
import {
  MILESTONE_LIMITS,
  MILESTONE_STATUSES,
  type MilestoneStatus,
} from "../../../core/portable/milestone";
import { isDuePreset, type DuePreset } from "../../../core/portable/views";

export const SORT_KEYS = ["updated", "due"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const PAGE_SIZES = [10, 25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** Columns the user may hide (selection and actions always show). */
export const HIDEABLE_COLUMNS = ["status", "owner", "dueDate", "updatedAt"] as const;
export type HideableColumn = (typeof HIDEABLE_COLUMNS)[number];

export const DEFAULT_SORT: SortKey = "updated";
export const DEFAULT_PAGE_SIZE: PageSize = 25;
/** Owner ids accepted in one filter; more is not a filter people build by hand. */
export const MAX_OWNERS = 20;
/**
 * Pages one can step back through. An API cursor is ~500 characters, and the whole URL must
 * stay well under Node's 16 KB header limit; going further forward forgets the oldest pages.
 */
export const MAX_TRAIL = 20;

export interface MilestoneTableState {
  /** Statuses shown; empty = all. Unique, in {@link MILESTONE_STATUSES} order. */
  status: MilestoneStatus[];
  /** Owner ids shown; empty = all. Unique, sorted. */
  owner: string[];
  /** Title search, trimmed; "" = none. */
  q: string;
  sort: SortKey;
  size: PageSize;
  /** Hidden columns, in {@link HIDEABLE_COLUMNS} order. */
  hide: HideableColumn[];
  /** A relative due-date filter (core/due-dates.ts says what each means); null = none. */
  due: DuePreset | null;
  /**
   * Encoded cursors of the pages after the first one, up to the current page: the current
   * page starts at the last one (the first page when empty); "Previous page" drops it.
   */
  trail: string[];
}

export const DEFAULT_TABLE_STATE: MilestoneTableState = {
  status: [],
  owner: [],
  q: "",
  sort: DEFAULT_SORT,
  size: DEFAULT_PAGE_SIZE,
  hide: [],
  due: null,
  trail: [],
};

/** What Next hands a page as `searchParams`, or a URLSearchParams. */
export type SearchParamsInput =
  URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>;

function getAll(params: SearchParamsInput, key: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(key);
  const value = params[key];
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : [...value];
}

/** A comma list from one or more params (`a,b` and `x=a&x=b` both work), trimmed, no empties. */
function getList(params: SearchParamsInput, key: string): string[] {
  return getAll(params, key)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
}

function getOne(params: SearchParamsInput, key: string): string | undefined {
  return getAll(params, key)[0];
}

const OWNER_ID = /^[A-Za-z0-9_-]{1,256}$/;
const CURSOR = /^(\d{1,4})_(.*)$/s;

/** A position in the API's stream: the page token to request and how many of its items to skip. */
export interface Cursor {
  /** The API's nextToken; null = the start of the stream. */
  token: string | null;
  /** Items of that page already shown on earlier pages. */
  skip: number;
}

/** `<skip>_<token>`: the token is opaque, the skip lets a page end in the middle of an API page. */
export function encodeCursor(cursor: Cursor): string {
  return `${cursor.skip}_${cursor.token ?? ""}`;
}

/** The cursor in an encoded string, or null when it is not one. */
export function decodeCursor(value: string): Cursor | null {
  const match = CURSOR.exec(value);
  if (!match) return null;
  const skip = Number(match[1]);
  const token = match[2] ?? "";
  if (token === "" && skip === 0) return null; // the first page has no cursor
  if (token.length > 4096) return null;
  return { token: token === "" ? null : token, skip };
}

/** The table state in a URL's search params; each invalid field takes its default. */
export function parseTableState(params: SearchParamsInput): MilestoneTableState {
  const statuses = new Set(getList(params, "status").map((value) => value.toUpperCase()));
  const status = MILESTONE_STATUSES.filter((value) => statuses.has(value));

  const owners = getList(params, "owner");
  const owner =
    owners.length <= MAX_OWNERS && owners.every((id) => OWNER_ID.test(id))
      ? [...new Set(owners)].sort()
      : [];

  const rawQ = (getOne(params, "q") ?? "").trim();
  const q = rawQ.length <= MILESTONE_LIMITS.titleMax ? rawQ : "";

  const rawSort = getOne(params, "sort");
  const sort = SORT_KEYS.find((key) => key === rawSort) ?? DEFAULT_SORT;

  const rawSize = Number(getOne(params, "size"));
  const size = PAGE_SIZES.find((value) => value === rawSize) ?? DEFAULT_PAGE_SIZE;

  const hidden = new Set(getList(params, "hide"));
  const hide = HIDEABLE_COLUMNS.filter((column) => hidden.has(column));

  const rawDue = getOne(params, "due");
  const due = isDuePreset(rawDue) ? rawDue : null;

  const cursors = getAll(params, "cursor");
  const trail =
    cursors.length <= MAX_TRAIL && cursors.every((value) => decodeCursor(value) !== null)
      ? cursors
      : [];

  return { status, owner, q, sort, size, hide, due, trail };
}

/** The search params of a table state, defaults omitted, in a stable order. */
export function serializeTableState(state: MilestoneTableState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.status.length > 0) params.set("status", state.status.join(","));
  if (state.owner.length > 0) params.set("owner", state.owner.join(","));
  if (state.q !== "") params.set("q", state.q);
  if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.size !== DEFAULT_PAGE_SIZE) params.set("size", String(state.size));
  if (state.hide.length > 0) params.set("hide", state.hide.join(","));
  if (state.due !== null) params.set("due", state.due);
  for (const cursor of state.trail) params.append("cursor", cursor);
  return params;
}

/** `/milestones?…` (or the bare path) for a table state. */
export function tableStateHref(state: MilestoneTableState, pathname = "/milestones"): string {
  const query = serializeTableState(state).toString();
  return query === "" ? pathname : `${pathname}?${query}`;
}

type QueryChange = Partial<
  Pick<MilestoneTableState, "status" | "owner" | "q" | "sort" | "size" | "due">
>;

/**
 * A change of what the table lists (filters, search, sort, page size): API cursors are bound
 * to the query that made them, so the trail restarts at the first page.
 */
export function withQuery(state: MilestoneTableState, change: QueryChange): MilestoneTableState {
  return parseTableState(serializeTableState({ ...state, ...change, trail: [] }));
}

/** The state of the page after the current one, which starts at `nextCursor`. */
export function withNextPage(state: MilestoneTableState, nextCursor: string): MilestoneTableState {
  return { ...state, trail: [...state.trail, nextCursor].slice(-MAX_TRAIL) };
}

/** The state of the page before the current one. */
export function withPreviousPage(state: MilestoneTableState): MilestoneTableState {
  return { ...state, trail: state.trail.slice(0, -1) };
}

/** Where the current page starts. */
export function currentCursor(state: MilestoneTableState): Cursor {
  const last = state.trail.at(-1);
  return (last === undefined ? null : decodeCursor(last)) ?? { token: null, skip: 0 };
}

/** True when any filter or search narrows the list. */
export function isFiltered(state: MilestoneTableState): boolean {
  return state.status.length > 0 || state.owner.length > 0 || state.q !== "" || state.due !== null;
}

/**
 * The state a saved view keeps: the serialized search string without the page cursors (a
 * view is a query, not a position). Canonical, so two equal states give the same string.
 */
export function viewStateOf(state: MilestoneTableState): string {
  return serializeTableState({ ...state, trail: [] }).toString();
}

/** The table state a saved view's state string opens (the URL's rules, first page). */
export function stateOfView(viewState: string): MilestoneTableState {
  return { ...parseTableState(new URLSearchParams(viewState)), trail: [] };
}

/** The API sort of a URL sort key. */
export function apiSortOf(sort: SortKey): "UPDATED_AT" | "DUE_DATE" {
  return sort === "due" ? "DUE_DATE" : "UPDATED_AT";
}
