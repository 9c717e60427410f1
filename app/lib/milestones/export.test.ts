import { describe, expect, it } from "vitest";
import type { Milestone, MilestonePage } from "../api/schemas";
import { exportFileName, milestoneCsvStream } from "./export";
import type { ListRequest } from "./listing";
import { DEFAULT_TABLE_STATE, withQuery } from "./table-state";

const STATUSES = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"] as const;

function milestone(n: number, title = `Milestone ${n}`): Milestone {
  return {
    id: `m${String(n).padStart(4, "0")}`,
    scope: "ORG",
    orgId: "org_1",
    ownerId: "user_a",
    owner: { id: "user_a", name: "Ada Lovelace", imageUrl: null },
    title,
    description: "",
    status: STATUSES[n % 4] ?? "PLANNED",
    dueDate: n % 2 === 0 ? "2027-01-02" : null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    version: 1 + (n % 3),
  };
}

/** An API of `rows` in pages of the requested limit; `failAt`: the request number that fails. */
function fakeApi(rows: Milestone[], failAt?: number) {
  const requests: ListRequest[] = [];
  const fetchPage = (request: ListRequest): Promise<MilestonePage> => {
    requests.push(request);
    if (requests.length === failAt) return Promise.reject(new Error("boom: internal detail"));
    const start = request.nextToken === null ? 0 : Number(request.nextToken);
    const items = rows.slice(start, start + request.limit);
    const end = start + request.limit;
    return Promise.resolve({ items, nextToken: end < rows.length ? String(end) : null });
  };
  return { fetchPage, requests };
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

const HEADER = "id,title,status,owner name,due date,updated at,version\r\n";

describe("milestoneCsvStream", () => {
  it("writes the header and every row across all pages, in the API's order", async () => {
    const rows = Array.from({ length: 250 }, (_, i) => milestone(i));
    const api = fakeApi(rows);
    const text = await readAll(milestoneCsvStream(api.fetchPage, DEFAULT_TABLE_STATE));
    const lines = text.split("\r\n");
    expect(lines[0] + "\r\n").toBe(HEADER);
    expect(lines).toHaveLength(252); // header, 250 rows, "" after the last CRLF
    expect(lines[1]).toBe(
      "m0000,Milestone 0,PLANNED,Ada Lovelace,2027-01-02,2026-01-01T00:00:00.000Z,1",
    );
    expect(lines[2]).toBe("m0001,Milestone 1,IN_PROGRESS,Ada Lovelace,,2026-01-01T00:00:00.000Z,2");
    expect(lines[250]).toMatch(/^m0249,/);
    expect(api.requests.map((r) => r.nextToken)).toEqual([null, "100", "200"]);
    expect(api.requests.every((r) => r.limit === 100 && r.sort === "UPDATED_AT")).toBe(true);
  });

  it("passes the state's filter and sort, and applies multi-valued filters itself", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => milestone(i));
    const api = fakeApi(rows);
    const state = withQuery(DEFAULT_TABLE_STATE, {
      status: ["DONE", "BLOCKED"],
      q: "Mile",
      sort: "due",
    });
    const text = await readAll(milestoneCsvStream(api.fetchPage, state));
    const statuses = text
      .split("\r\n")
      .slice(1, -1)
      .map((line) => line.split(",")[2]);
    expect(statuses).toHaveLength(20);
    expect(new Set(statuses)).toEqual(new Set(["DONE", "BLOCKED"]));
    expect(api.requests[0]).toMatchObject({
      filter: { titleContains: "Mile" },
      sort: "DUE_DATE",
      nextToken: null,
    });
  });

  it("quotes and neutralises cells", async () => {
    const api = fakeApi([milestone(0, '=HYPERLINK("x")'), milestone(1, "a, b\nc")]);
    const text = await readAll(milestoneCsvStream(api.fetchPage, DEFAULT_TABLE_STATE));
    expect(text).toContain(`m0000,"'=HYPERLINK(""x"")",PLANNED`);
    expect(text).toContain(`m0001,"a, b\nc",IN_PROGRESS`);
  });

  it("fetches a page only when the consumer pulls", async () => {
    const rows = Array.from({ length: 500 }, (_, i) => milestone(i));
    const api = fakeApi(rows);
    const reader = milestoneCsvStream(api.fetchPage, DEFAULT_TABLE_STATE).getReader();
    expect(api.requests).toHaveLength(0);
    const header = await reader.read();
    expect(new TextDecoder().decode(header.value)).toBe(HEADER);
    expect(api.requests).toHaveLength(0);
    await reader.read();
    expect(api.requests).toHaveLength(1);
    await reader.read();
    expect(api.requests).toHaveLength(2);
    await reader.cancel();
    expect(api.requests).toHaveLength(2);
  });

  it("skips pages the filter empties, within one pull", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => milestone(i, `t${i}`));
    // Only rows of the last page match two owners' filter.
    rows.forEach((row, i) => (row.ownerId = i >= 200 ? "user_b" : "user_z"));
    const api = fakeApi(rows);
    const state = withQuery(DEFAULT_TABLE_STATE, { owner: ["user_b", "user_c"] });
    const reader = milestoneCsvStream(api.fetchPage, state).getReader();
    await reader.read();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).split("\r\n")[0]).toMatch(/^m0200,/);
    expect(api.requests).toHaveLength(3);
    expect((await reader.read()).done).toBe(true);
  });

  it("errors the stream when a page fails, with no internal detail, and reports it", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => milestone(i));
    const api = fakeApi(rows, 2);
    const seen: unknown[] = [];
    const stream = milestoneCsvStream(api.fetchPage, DEFAULT_TABLE_STATE, {
      onError: (error) => seen.push(error),
    });
    const failure = await readAll(stream).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe("The export stopped: the API failed");
    expect(seen).toHaveLength(1);
    expect(String(seen[0])).toContain("boom");
  });

  it("writes just the header for an empty list", async () => {
    const api = fakeApi([]);
    expect(await readAll(milestoneCsvStream(api.fetchPage, DEFAULT_TABLE_STATE))).toBe(HEADER);
  });
});

describe("exportFileName", () => {
  const now = new Date("2026-12-02T23:59:00.000Z");
  it("names the org by slug, or personal, and the UTC date", () => {
    expect(exportFileName("acme", now)).toBe("waypoint-acme-2026-12-02.csv");
    expect(exportFileName(null, now)).toBe("waypoint-personal-2026-12-02.csv");
    expect(exportFileName("", now)).toBe("waypoint-personal-2026-12-02.csv");
  });

  it("keeps the slug to characters safe in a header", () => {
    expect(exportFileName('Ac"me\r\n; x', now)).toBe("waypoint-ac-me-x-2026-12-02.csv");
    expect(exportFileName('"', now)).toBe("waypoint-personal-2026-12-02.csv");
  });
});
