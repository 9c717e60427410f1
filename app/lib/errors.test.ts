import { describe, expect, it } from "vitest";
import { redactForLog, reportInternal } from "./errors";

const ACCESS_DENIED =
  "User: arn:aws:sts::123456789012:assumed-role/waypoint-api-TableRole/APPSYNC_ASSUME_ROLE is not " +
  "authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/prod-waypoint";

describe("redactForLog", () => {
  it("masks ARNs, account ids and URLs, and keeps the rest of the message", () => {
    const line = redactForLog(`AccessDeniedException: ${ACCESS_DENIED}`);
    expect(line).not.toMatch(/arn:aws|123456789012|prod-waypoint|TableRole/);
    expect(line).toBe(
      "AccessDeniedException: User: <arn> is not authorized to perform: dynamodb:Query on resource: <arn>",
    );
    expect(
      redactForLog(
        "fetch failed (cause: connect ECONNREFUSED https://internal.example:4000/graphql)",
      ),
    ).toBe("fetch failed (cause: connect ECONNREFUSED <url>)");
  });
});

describe("reportInternal", () => {
  it("logs one masked line under the reference it returns", () => {
    const lines: string[] = [];
    const reference = reportInternal("calling the API", new Error(ACCESS_DENIED), (l) =>
      lines.push(l),
    );
    expect(reference).toMatch(/^[0-9a-f]{8}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`[ref ${reference}] calling the API: Error: User: <arn>`);
    expect(lines[0]).not.toContain("123456789012");
  });
});
