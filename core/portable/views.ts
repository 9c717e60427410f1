/**
 * Saved views of the milestones table, the one home of their rules: the limits the
 * `saveView` resolver enforces and the dashboard's dialog shows, the shape of a view's state
 * string, and the built-in views every viewer has (defined here, never stored).
 *
 * A view is a name and a table state: the URL's search string as the dashboard serializes it
 * (app/lib/milestones/table-state.ts), without its page cursors (a view is a query, not a
 * position). The URL stays the single source of table state: opening a view navigates to
 * `/milestones?<state>`, and the URL parser applies its own rules to whatever the view holds,
 * so a view saved by an older dashboard still opens a working table.
 *
 * Written for APPSYNC_JS (no regular expressions, no loops, no Date): the resolvers import it.
 */

export const VIEW_LIMITS = {
  /** A name's length after trimming, in UTF-16 code units. */
  nameMin: 1,
  nameMax: 60,
  /**
   * A state string's length. Without cursors the table state is a few filters: 20 owner ids,
   * a 200-character search percent-encoded and the rest fit well within it.
   */
  stateMax: 2_000,
  /** Views one user owns in one scope (own and shared ones alike). */
  perUserMax: 50,
  /** Views shared with one org. */
  sharedMax: 100,
} as const;

/**
 * The search-param keys a view's state may hold: the table state's, without `cursor`.
 * app/lib/milestones/table-state.test.ts checks that the URL serializer writes no other.
 */
export const VIEW_STATE_KEYS = ["status", "owner", "q", "sort", "size", "hide", "due"] as const;

/** A view's name as stored: trimmed. */
export function viewNameOf(name: string): string {
  return name.trim();
}

/** Why a name cannot be a view's name, or null when it can (after trimming). */
export function viewNameProblem(name: string): string | null {
  const trimmed = viewNameOf(name);
  if (trimmed.length < VIEW_LIMITS.nameMin) return "Name the view";
  if (trimmed.length > VIEW_LIMITS.nameMax)
    return `A view's name has at most ${VIEW_LIMITS.nameMax} characters`;
  const control = trimmed.split("").some((c) => c < " ");
  return control ? "A view's name cannot hold control characters" : null;
}

/**
 * Why a string cannot be a view's state, or null when it can: a serialized search string
 * (printable ASCII, as URLSearchParams writes it), `key=value` pairs of
 * {@link VIEW_STATE_KEYS}, each key once, no cursor. "" is the unfiltered table. What the
 * values mean is the URL parser's business (invalid ones fall back to their defaults).
 */
export function viewStateProblem(state: string): string | null {
  if (state.length > VIEW_LIMITS.stateMax)
    return `A view's state has at most ${VIEW_LIMITS.stateMax} characters`;
  if (state === "") return null;
  if (!state.split("").every((c) => c > " " && c <= "~"))
    return "A view's state is a serialized search string";
  const seen: string[] = [];
  const bad = state.split("&").some((pair) => {
    const at = pair.indexOf("=");
    const key = at < 0 ? pair : pair.slice(0, at);
    const known = (VIEW_STATE_KEYS as readonly string[]).indexOf(key) >= 0;
    const repeated = seen.indexOf(key) >= 0;
    seen.push(key);
    return at < 1 || at === pair.length - 1 || !known || repeated;
  });
  return bad ? "A view's state holds only table filters, each once" : null;
}

/** Due-date filters a state can name; relative, so a saved "overdue" stays overdue. */
export const DUE_PRESETS = ["overdue", "week"] as const;
export type DuePreset = (typeof DUE_PRESETS)[number];

export function isDuePreset(value: unknown): value is DuePreset {
  return typeof value === "string" && (DUE_PRESETS as readonly string[]).indexOf(value) >= 0;
}

/** Every status but DONE: what "open" means. */
export const OPEN_STATUSES = ["PLANNED", "IN_PROGRESS", "BLOCKED"] as const;

/** A built-in view: the filters it sets (everything else at its default). */
export interface BuiltInView {
  id: string;
  name: string;
  status: readonly string[];
  /** "viewer": the viewer's own milestones. */
  owner: "viewer" | null;
  sort: "updated" | "due";
  due: DuePreset | null;
}

/** The built-in views, in menu order. Ids start `builtin:`, which no stored view's id does. */
export const BUILT_IN_VIEWS: readonly BuiltInView[] = [
  {
    id: "builtin:my-open",
    name: "My open",
    status: OPEN_STATUSES,
    owner: "viewer",
    sort: "updated",
    due: null,
  },
  {
    id: "builtin:overdue",
    name: "Overdue",
    status: OPEN_STATUSES,
    owner: null,
    sort: "due",
    due: "overdue",
  },
  {
    id: "builtin:due-this-week",
    name: "Due this week",
    status: OPEN_STATUSES,
    owner: null,
    sort: "due",
    due: "week",
  },
  {
    id: "builtin:blocked",
    name: "Blocked",
    status: ["BLOCKED"],
    owner: null,
    sort: "updated",
    due: null,
  },
];
