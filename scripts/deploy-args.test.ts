import { describe, expect, it } from "vitest";
import { contextArgs } from "./deploy-args";

describe("contextArgs", () => {
  it("reads -c, --context and --context= pairs, the value after the first =, and nothing else", () => {
    expect(
      contextArgs([
        "-c",
        "stage=prod",
        "--context",
        "clerkIssuer=https://x.example/a=b",
        "--context=dashboardDomain=admin.example.com",
        "--require-approval",
        "never",
        "-c",
        "novalue",
      ]),
    ).toEqual({
      stage: "prod",
      clerkIssuer: "https://x.example/a=b",
      dashboardDomain: "admin.example.com",
    });
  });
});
