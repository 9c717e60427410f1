import { describe, expect, it } from "vitest";
import { crossOriginProblem } from "./same-origin";

const from = (headers: Record<string, string>) =>
  crossOriginProblem(new Headers({ host: "127.0.0.1:3000", ...headers }));

describe("crossOriginProblem", () => {
  it("lets the dashboard's own pages through", () => {
    expect(from({ "sec-fetch-site": "same-origin" })).toBeNull();
    // Older browsers send Origin only; scripts and tests send it on purpose.
    expect(from({ origin: "http://127.0.0.1:3000" })).toBeNull();
    expect(from({ origin: "https://127.0.0.1:3000" })).toBeNull();
  });

  it("refuses other sites, including a sibling port (same-site is not same-origin)", () => {
    expect(from({ "sec-fetch-site": "cross-site" })).toMatch(/cross-site/);
    expect(from({ "sec-fetch-site": "same-site" })).toMatch(/same-site/);
    expect(from({ "sec-fetch-site": "none" })).toMatch(/none/);
    // Sec-Fetch-Site wins over an Origin that looks right.
    expect(
      from({ "sec-fetch-site": "cross-site", origin: "http://127.0.0.1:3000" }),
    ).not.toBeNull();
    expect(from({ origin: "http://evil.example" })).toMatch(/another site/);
    expect(from({ origin: "http://127.0.0.1:3001" })).toMatch(/another site/);
    expect(from({ origin: "null" })).not.toBeNull();
  });

  it("refuses a request that says nothing about where it comes from", () => {
    expect(from({})).toMatch(/no Origin/);
  });
});
