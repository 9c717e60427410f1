/**
 * The resolvers' input checks (api/resolvers/lib/milestone.ts) against core's zod schemas.
 * Both read core/portable/milestone.ts's statuses and limits, but APPSYNC_JS cannot run zod,
 * so the checks are written out twice: this keeps their verdicts equal. Keys, roles and
 * the authorization rules have one implementation (core/portable, tested there).
 * `@aws-appsync/utils` ships types only, so `util` is the local runtime's implementation,
 * the one the resolvers run with.
 */
import { describe, expect, it, vi } from "vitest";
import { milestoneUpdateSchema } from "../core/milestone";
import { createUtil } from "../local/appsync/runtime/util";
import { validateFields } from "./resolvers/lib/milestone";

vi.mock("@aws-appsync/utils", () => ({
  util: createUtil({
    info: { parentTypeName: "Mutation", fieldName: "test" },
    appendError: () => {},
  }),
}));

describe("the resolvers' written-out input checks agree with core/milestone.ts's zod schemas", () => {
  const accepts = (input: Record<string, unknown>) => {
    try {
      validateFields(input);
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    { title: "ok" },
    { title: "  padded  " },
    { title: "   " },
    { title: "" },
    { title: "x".repeat(200) },
    { title: "x".repeat(201) },
    { title: ` ${"x".repeat(200)} ` },
    { description: "x".repeat(5000) },
    { description: "x".repeat(5001) },
    { status: "DONE" },
    { status: "LATER" },
    { dueDate: "2026-02-28" },
    { dueDate: "2026-02-28Z" },
    { dueDate: "26-02-28" },
    { dueDate: null },
    { title: null },
    { title: 5 },
  ])("%o: same verdict as milestoneUpdateSchema", (input) => {
    expect(accepts(input)).toBe(milestoneUpdateSchema.safeParse(input).success);
  });

  it("trims the title as core's schema does, and keeps its lower-case search key", () => {
    expect(validateFields({ title: "  A b  " })).toEqual({ title: "A b", titleSearch: "a b" });
  });
});
