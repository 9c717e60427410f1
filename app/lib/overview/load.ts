/**
 * The overview's data: four independent reads through the API (the viewer's milestones in the
 * due window, the scope's counts, the latest changes, and for admins the sync log's recent
 * deliveries), each allowed to fail on its own so that one section's error does not blank
 * the page. Pure apart from the injected API, so it is unit-tested without a server; the
 * rules (window, grouping, who sees sync health) are core's.
 */
import { DUE_SOON_DAYS, dueWindow, groupMyMilestones, RECENT_LIMIT } from "../../../core/overview";
import type {
  Milestone,
  MilestoneFilter,
  MilestonePage,
  MilestoneSort,
  MilestoneStats,
  SyncEventPage,
} from "../api/schemas";
import { summarizeSync, type SyncHealth } from "@/app/(dashboard)/sync/sync-health";

export interface OverviewApi {
  milestones: (args: {
    filter?: MilestoneFilter;
    sort?: MilestoneSort;
    limit?: number;
    nextToken?: string | null;
  }) => Promise<MilestonePage>;
  milestoneStats: () => Promise<MilestoneStats>;
  syncEvents: (args: { limit?: number }) => Promise<SyncEventPage>;
}

/** A section's data, or the error that kept it from loading. */
export type Section<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface Overview {
  today: string;
  lastDueDay: string;
  /** How far ahead "due soon" looks (core's rule, handed on to the components). */
  dueSoonDays: number;
  mine: Section<{ overdue: Milestone[]; dueSoon: Milestone[]; truncated: boolean }>;
  stats: Section<MilestoneStats>;
  recent: Section<Milestone[]>;
  /** null: the viewer may not see sync health (not an admin). */
  sync: Section<SyncHealth> | null;
}

/** API pages of the viewer's window read at most (100 each); more is noted as truncated. */
export const MAX_MINE_PAGES = 3;
const PAGE = 100;
/** The sync summary looks at the latest deliveries, as /sync's first page does. */
export const SYNC_WINDOW = 50;

async function section<T>(load: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The viewer's milestones due before the window's end (the API's ownerId + dueBefore filter,
 * due-date order), paged until the API has no more or {@link MAX_MINE_PAGES} pages: the API
 * filters after DynamoDB's limit, so a page can be short while more follow.
 */
async function loadMine(api: OverviewApi, userId: string, dueBefore: string) {
  const items: Milestone[] = [];
  let nextToken: string | null = null;
  for (let page = 0; page < MAX_MINE_PAGES; page++) {
    const result: MilestonePage = await api.milestones({
      filter: { ownerId: userId, dueBefore },
      sort: "DUE_DATE",
      limit: PAGE,
      nextToken,
    });
    items.push(...result.items);
    nextToken = result.nextToken;
    if (nextToken === null) break;
  }
  return { items, truncated: nextToken !== null };
}

export async function loadOverview(
  api: OverviewApi,
  viewer: { userId: string; seesSyncHealth: boolean },
  now: Date,
): Promise<Overview> {
  const window = dueWindow(now);
  const [mine, stats, recent, sync] = await Promise.all([
    section(async () => {
      const { items, truncated } = await loadMine(api, viewer.userId, window.dueBefore);
      return { ...groupMyMilestones(items, window), truncated };
    }),
    section(() => api.milestoneStats()),
    section(async () => (await api.milestones({ sort: "UPDATED_AT", limit: RECENT_LIMIT })).items),
    viewer.seesSyncHealth
      ? section(async () => summarizeSync((await api.syncEvents({ limit: SYNC_WINDOW })).items))
      : Promise.resolve(null),
  ]);
  return {
    today: window.today,
    lastDueDay: window.lastDueDay,
    dueSoonDays: DUE_SOON_DAYS,
    mine,
    stats,
    recent,
    sync,
  };
}
