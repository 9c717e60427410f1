import { describe, expect, it } from "vitest";
import * as core from "../../../core/milestone";
import { MILESTONE_LIMITS, MILESTONE_STATUSES, STATUS_LABELS } from "./constants";

describe("client constants mirror core/milestone", () => {
  it("has the same statuses, in the same order, each with a label", () => {
    expect(MILESTONE_STATUSES).toEqual(core.MILESTONE_STATUSES);
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...core.MILESTONE_STATUSES].sort());
  });

  it("has the same limits", () => {
    expect(MILESTONE_LIMITS).toEqual(core.MILESTONE_LIMITS);
  });
});
