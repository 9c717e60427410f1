/**
 * Journey 13: CSV export. With the table filtered and sorted, "Export CSV" downloads a file
 * named after the org and the date; parsed (a small RFC 4180 parser below), its rows are the
 * API's rows for the same filter and sort, in order, across more than one API page, and a
 * title that would run as a spreadsheet formula comes out neutralised. Signed out the route
 * answers 401; a member removed by webhook (cookie still valid) 403.
 */
import { readFile } from "node:fs/promises";
import { request, type Page } from "@playwright/test";
import { eventually, expect, test } from "../support/fixtures";
import { issuer } from "../support/issuer";
import { stack } from "../support/stack";

/**
 * RFC 4180: records end with CRLF; a field is quoted when it holds a comma, a quote, CR or
 * LF, and a quote inside a quoted field is doubled. Strict: anything else fails the test.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${text[i]} at ${i}`);
        field += text[i];
        i++;
      }
    }
    record.push(field);
    if (text[i] === ",") {
      i++;
    } else if (text.startsWith("\r\n", i)) {
      records.push(record);
      record = [];
      i += 2;
    } else {
      throw new Error(`expected , or CRLF at ${i}`);
    }
  }
  if (record.length > 0) throw new Error("last record without CRLF");
  return records;
}

interface Row {
  id: string;
  title: string;
  status: string;
  owner: { name: string | null } | null;
  dueDate: string | null;
  updatedAt: string;
  version: number;
}

async function download(page: Page) {
  const started = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await started;
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, "utf8") };
}

test("CSV export: the filtered, sorted rows of every page, quoted and neutralised", async ({
  freshOrg,
  adminPage: page,
}) => {
  test.slow();
  const { admin, member, org } = freshOrg;
  const INJECTION = '=HYPERLINK("x")';

  await test.step("seed 130 In-progress milestones (two API pages) and some others", async () => {
    await admin.api.createMilestone({ title: INJECTION, status: "IN_PROGRESS" });
    await member.api.createMilestone({
      title: 'Comma, "quote"\nand a line break',
      status: "IN_PROGRESS",
      dueDate: "2030-05-01",
    });
    await member.api.createMilestone({ title: "-1 + @sum", status: "IN_PROGRESS" });
    for (let n = 0; n < 127; n++)
      await admin.api.createMilestone({
        title: `Work item ${n}`,
        status: "IN_PROGRESS",
        ...(n % 3 === 0 ? { dueDate: `2030-01-${String(1 + (n % 28)).padStart(2, "0")}` } : {}),
      });
    for (let n = 0; n < 5; n++)
      await admin.api.createMilestone({ title: `Done item ${n}`, status: "DONE" });
  });

  await test.step("filter and sort the table, then download", async () => {
    await page.goto("/milestones?status=IN_PROGRESS&sort=due");
    const link = page.getByRole("link", { name: "Export CSV" });
    await expect(link).toHaveAttribute("href", "/milestones/export?status=IN_PROGRESS&sort=due");
    const { name, text } = await download(page);
    const today = new Date().toISOString().slice(0, 10);
    expect(name).toBe(`waypoint-${org.slug}-${today}.csv`);

    const records = parseCsv(text);
    expect(records[0]).toEqual([
      "id",
      "title",
      "status",
      "owner name",
      "due date",
      "updated at",
      "version",
    ]);
    // The API's rows for the same filter and sort, every page.
    const expected: Row[] = [];
    let nextToken: string | null = null;
    do {
      const answer: { data: { milestones: { items: Row[]; nextToken: string | null } } | null } =
        await admin.api.send<{
          milestones: { items: Row[]; nextToken: string | null };
        }>(
          `query ($next: String) {
          milestones(filter: { status: IN_PROGRESS }, sort: DUE_DATE, limit: 100, nextToken: $next) {
            items { id title status owner { name } dueDate updatedAt version } nextToken } }`,
          { next: nextToken },
        );
      expected.push(...(answer.data?.milestones.items ?? []));
      nextToken = answer.data?.milestones.nextToken ?? null;
    } while (nextToken);
    expect(expected).toHaveLength(130);
    const neutral = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
    expect(records.slice(1)).toEqual(
      expected.map((row) => [
        row.id,
        neutral(row.title),
        row.status,
        row.owner?.name ?? "",
        row.dueDate ?? "",
        row.updatedAt,
        String(row.version),
      ]),
    );
    // The formula came out as text, and the raw file shows it quoted and prefixed.
    expect(records.some((record) => record[1] === `'${INJECTION}`)).toBe(true);
    expect(records.some((record) => record[1] === INJECTION)).toBe(false);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(records.some((record) => record[1] === "'-1 + @sum")).toBe(true);
    expect(records.some((record) => record[1] === 'Comma, "quote"\nand a line break')).toBe(true);
  });

  await test.step("signed out: 401; removed from the org by webhook: 403", async () => {
    // A request context of its own: no session cookie at all.
    const fresh = await request.newContext({ baseURL: stack.baseUrl });
    const signedOut = await fresh.get("/milestones/export", { maxRedirects: 0 });
    expect(signedOut.status()).toBe(401);
    expect(await signedOut.text()).toBe("Sign in to export milestones.");
    await fresh.dispose();

    const memberApi = await request.newContext({ baseURL: stack.baseUrl });
    const signIn = await memberApi.post("/api/local/sign-in", {
      headers: { origin: stack.baseUrl },
      data: { userId: member.id, orgId: org.id },
      maxRedirects: 0,
    });
    expect(signIn.status()).toBe(303);
    expect((await memberApi.get("/milestones/export")).status()).toBe(200);
    await issuer.removeMember(org.id, member.id);
    await eventually("the member's removal reaches the mirror", async () => {
      const answer = await memberApi.get("/milestones/export");
      return answer.status() === 403;
    });
    await memberApi.dispose();
  });
});
