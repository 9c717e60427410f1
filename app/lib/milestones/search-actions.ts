"use server";
/**
 * The command palette's milestone search, as a server action: the viewer's scope, through
 * the API's `milestones(filter: { titleContains })` (the API confines it to the scope and
 * applies the read rule). Glue only: zod, the data module, a small typed result.
 */
import { z } from "zod";
import { MILESTONE_LIMITS } from "../../../core/portable/milestone";
import { api } from "../api";
import { getSession } from "../session";

/** Results the palette shows. */
const PALETTE_RESULTS = 8;
/**
 * The API filters after DynamoDB's limit, so a page can hold fewer matches than asked: read
 * a few pages of 100 at most, then stop (the palette is a jump list, not a search page).
 */
const MAX_REQUESTS = 3;

const querySchema = z.string().trim().min(1).max(MILESTONE_LIMITS.titleMax);

export interface MilestoneHit {
  id: string;
  title: string;
  status: string;
}

export async function searchMilestonesAction(
  query: unknown,
): Promise<{ ok: true; hits: MilestoneHit[] } | { ok: false; message: string }> {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) return { ok: true, hits: [] };
  if (!(await getSession())) return { ok: false, message: "Signed out" };
  try {
    const hits: MilestoneHit[] = [];
    let nextToken: string | null = null;
    for (let request = 0; request < MAX_REQUESTS && hits.length < PALETTE_RESULTS; request++) {
      const page = await api.milestones({
        filter: { titleContains: parsed.data },
        limit: 100,
        nextToken,
      });
      for (const item of page.items)
        hits.push({ id: item.id, title: item.title, status: item.status });
      nextToken = page.nextToken;
      if (!nextToken) break;
    }
    return { ok: true, hits: hits.slice(0, PALETTE_RESULTS) };
  } catch {
    return { ok: false, message: "Search is not available right now" };
  }
}
