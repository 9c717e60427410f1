import { describe, expect, it } from "vitest";
import { getOwnerOptions } from "./owners";

const viewer = { id: "user_me", name: "Me Myself" };
const row = (ownerId: string, name: string | null) => ({
  ownerId,
  owner: name === null ? null : { id: ownerId, name, imageUrl: null },
});

describe("getOwnerOptions", () => {
  it("personal scope has no owner filter", () => {
    expect(
      getOwnerOptions({ role: null, viewer, members: null, rows: [], selected: [] }),
    ).toBeNull();
  });

  it("admins get the org's members, sorted by name, plus owners only seen on the page", () => {
    const options = getOwnerOptions({
      role: "admin",
      viewer,
      members: [
        { userId: "user_z", firstName: "Zoe", lastName: "Zed" },
        { userId: "user_me", firstName: "Me", lastName: "Myself" },
        { userId: "user_noname", firstName: null, lastName: null },
      ],
      rows: [row("user_gone", null), row("user_z", "Zoe Zed")],
      selected: [],
    });
    expect(options).toEqual([
      { id: "user_me", name: "Me Myself" },
      { id: "user_gone", name: "Unknown user" },
      { id: "user_noname", name: "user_noname" },
      { id: "user_z", name: "Zoe Zed" },
    ]);
  });

  it("members get the page's owners, themselves, and what the URL already selects", () => {
    const options = getOwnerOptions({
      role: "member",
      viewer,
      members: null,
      rows: [row("user_b", "Bob"), row("user_b", "Bob")],
      selected: ["user_elsewhere"],
    });
    expect(options).toEqual([
      { id: "user_b", name: "Bob" },
      { id: "user_me", name: "Me Myself" },
      { id: "user_elsewhere", name: "user_elsewhere" },
    ]);
  });
});
