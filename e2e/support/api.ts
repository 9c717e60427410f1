/**
 * The API as a client sees it: GraphQL over HTTP to the local AppSync with a session token from
 * the issuer, through the real authorizer and resolvers. Journeys use it to check that what the
 * browser shows is what the API holds, and that what the UI hides the API also refuses.
 */
import { issuer } from "./issuer";
import { stack } from "./stack";

export type MilestoneStatus = "PLANNED" | "IN_PROGRESS" | "DONE" | "BLOCKED";

export interface ApiMilestone {
  id: string;
  orgId: string | null;
  ownerId: string;
  title: string;
  description: string;
  status: MilestoneStatus;
  dueDate: string | null;
  version: number;
}

export interface ApiAuditEntry {
  id: string;
  actorId: string;
  action: string;
  targetId: string;
  before: string | null;
  after: string | null;
}

export interface ApiSyncEvent {
  id: string;
  type: string;
  objectId: string | null;
  outcome: "APPLIED" | "DUPLICATE" | "STALE" | "IGNORED" | "FAILED";
  reason: string | null;
}

export interface ApiMember {
  userId: string;
  role: string;
}

export interface GraphQLError {
  message: string;
  errorType?: string | null;
}

export interface GraphQLResponse<T> {
  status: number;
  data: T | null;
  errors: GraphQLError[];
}

const MILESTONE = "id orgId ownerId title description status dueDate version";

/** One GraphQL request with a given token, answered as sent (HTTP status, data, errors). */
export async function graphql<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(stack.apiUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: token },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as {
    data?: T | null;
    errors?: GraphQLError[] | null;
  };
  return { status: response.status, data: body.data ?? null, errors: body.errors ?? [] };
}

/** The first error's type, or "HTTP <status>" when the request was refused before GraphQL. */
export function errorTypeOf(response: GraphQLResponse<unknown>): string | null {
  if (response.status !== 200) return `HTTP ${response.status}`;
  return response.errors[0]?.errorType ?? (response.errors.length ? "Error" : null);
}

function dataOf<T>(response: GraphQLResponse<T>, what: string): T {
  if (response.errors.length || !response.data) {
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/**
 * A client acting as one user in one scope. Each call mints a fresh token (as the dashboard
 * does), unless `token` pins one (e.g. a token minted before a removal).
 */
export function apiAs(userId: string, orgId: string | null, token?: string) {
  const tokenFor = async () => token ?? (await issuer.mintToken(userId, orgId)).token;
  const send = async <T>(query: string, variables?: Record<string, unknown>) =>
    graphql<T>(await tokenFor(), query, variables);
  return {
    userId,
    orgId,
    send,
    async me() {
      return dataOf(
        await send<{
          me: {
            userId: string;
            orgId: string | null;
            role: string | null;
            firstName: string | null;
          } | null;
        }>("query { me { userId orgId role firstName } }"),
        "me",
      ).me;
    },
    /** Every milestone of the scope (all pages). */
    async milestones(): Promise<ApiMilestone[]> {
      const items: ApiMilestone[] = [];
      let nextToken: string | null = null;
      do {
        const page: { milestones: { items: ApiMilestone[]; nextToken: string | null } } = dataOf(
          await send<{ milestones: { items: ApiMilestone[]; nextToken: string | null } }>(
            `query ($nextToken: String) { milestones(limit: 100, nextToken: $nextToken) { items { ${MILESTONE} } nextToken } }`,
            { nextToken },
          ),
          "milestones",
        );
        items.push(...page.milestones.items);
        nextToken = page.milestones.nextToken;
      } while (nextToken);
      return items;
    },
    /** The milestone, or null when the API answers NotFound (outside the scope, or deleted). */
    async milestone(id: string): Promise<ApiMilestone | null> {
      const response = await send<{ milestone: ApiMilestone | null }>(
        `query ($id: ID!) { milestone(id: $id) { ${MILESTONE} } }`,
        { id },
      );
      if (errorTypeOf(response) === "NotFound") return null;
      return dataOf(response, "milestone").milestone;
    },
    async createMilestone(input: {
      title: string;
      description?: string;
      status?: MilestoneStatus;
      dueDate?: string;
    }): Promise<ApiMilestone> {
      const created = dataOf(
        await send<{ createMilestone: ApiMilestone | null }>(
          `mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { ${MILESTONE} } }`,
          { input },
        ),
        "createMilestone",
      ).createMilestone;
      if (!created) throw new Error("createMilestone returned null");
      return created;
    },
    /** updateMilestone as sent: the response, so a journey can assert a denial. */
    updateMilestone(id: string, expectedVersion: number, input: Record<string, unknown>) {
      return send<{ updateMilestone: ApiMilestone | null }>(
        `mutation ($id: ID!, $v: Int!, $input: UpdateMilestoneInput!) { updateMilestone(id: $id, expectedVersion: $v, input: $input) { ${MILESTONE} } }`,
        { id, v: expectedVersion, input },
      );
    },
    deleteMilestone(id: string, expectedVersion: number) {
      return send<{ deleteMilestone: ApiMilestone | null }>(
        `mutation ($id: ID!, $v: Int!) { deleteMilestone(id: $id, expectedVersion: $v) { id } }`,
        { id, v: expectedVersion },
      );
    },
    async orgMembers(): Promise<ApiMember[]> {
      return dataOf(
        await send<{ orgMembers: { items: ApiMember[] } | null }>(
          "query { orgMembers(limit: 100) { items { userId role } } }",
        ),
        "orgMembers",
      ).orgMembers!.items;
    },
    async auditLog(): Promise<ApiAuditEntry[]> {
      return dataOf(
        await send<{ auditLog: { items: ApiAuditEntry[] } | null }>(
          "query { auditLog(limit: 100) { items { id actorId action targetId before after } } }",
        ),
        "auditLog",
      ).auditLog!.items;
    },
    async syncEvents(): Promise<ApiSyncEvent[]> {
      return dataOf(
        await send<{ syncEvents: { items: ApiSyncEvent[] } | null }>(
          "query { syncEvents(limit: 100) { items { id type objectId outcome reason } } }",
        ),
        "syncEvents",
      ).syncEvents!.items;
    },
  };
}

export type ApiClient = ReturnType<typeof apiAs>;
