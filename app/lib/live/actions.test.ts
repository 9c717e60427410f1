/**
 * liveActorNamesAction: names only from what the caller's own API calls may read. The data
 * module and the session are stand-ins (the API's own authorization is tested with it).
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/errors";
import { liveActorNamesAction } from "./actions";

const api = vi.hoisted(() => ({ orgMembers: vi.fn(), milestone: vi.fn() }));
vi.mock("../api", () => ({ api }));
const session = vi.hoisted(() => ({ current: null as null | { orgId: string | null } }));
vi.mock("../session", () => ({ getSession: () => Promise.resolve(session.current) }));

const member = (userId: string, firstName: string, lastName: string) => ({
  userId,
  role: "org:member",
  firstName,
  lastName,
  imageUrl: null,
  updatedAt: "2026-12-01T00:00:00.000Z",
});

beforeEach(() => {
  vi.clearAllMocks();
  session.current = { orgId: "org_acme" };
});

describe("liveActorNamesAction", () => {
  it("names actors from the org's members when the caller may list them", async () => {
    api.orgMembers.mockResolvedValue({
      items: [member("user_ada", "Ada", "Admin"), member("user_bob", "Bob", "Member")],
    });
    expect(await liveActorNamesAction([{ actorId: "user_ada", milestoneId: "m1" }])).toEqual({
      user_ada: "Ada Admin",
    });
    expect(api.milestone).not.toHaveBeenCalled();
  });

  it("else from a milestone the actor changed, only when the actor owns it", async () => {
    api.orgMembers.mockRejectedValue(new ApiError("Unauthorized", "Not allowed"));
    api.milestone.mockImplementation((id: string) =>
      Promise.resolve(
        id === "m1"
          ? { id, ownerId: "user_gale", owner: { id: "user_gale", name: "Gale Globex" } }
          : { id, ownerId: "user_bob", owner: { id: "user_bob", name: "Bob Member" } },
      ),
    );
    expect(
      await liveActorNamesAction([
        { actorId: "user_gale", milestoneId: "m1" },
        // An admin who edited Bob's milestone: Bob's name is not the admin's.
        { actorId: "user_ada", milestoneId: "m2" },
        { actorId: "user_cy", milestoneId: null },
      ]),
    ).toEqual({ user_gale: "Gale Globex" });
  });

  it("answers nothing for bad input, signed out or personal scope", async () => {
    expect(await liveActorNamesAction("user_ada")).toEqual({});
    expect(await liveActorNamesAction([])).toEqual({});
    expect(
      await liveActorNamesAction(
        Array.from({ length: 26 }, (_, i) => ({ actorId: `u${i}`, milestoneId: null })),
      ),
    ).toEqual({});
    session.current = null;
    expect(await liveActorNamesAction([{ actorId: "u", milestoneId: null }])).toEqual({});
    session.current = { orgId: null };
    expect(await liveActorNamesAction([{ actorId: "u", milestoneId: null }])).toEqual({});
    expect(api.orgMembers).not.toHaveBeenCalled();
  });
});
