import { describe, expect, it } from "vitest";
import { displayName } from "./display-name";

describe("displayName", () => {
  it("joins the names it has, and falls back when it has none", () => {
    expect(displayName({ firstName: "Ada", lastName: "Lovelace" }, "user_1")).toBe("Ada Lovelace");
    expect(displayName({ firstName: "Ada", lastName: null }, "user_1")).toBe("Ada");
    expect(displayName({ firstName: "", lastName: "Lovelace" }, "user_1")).toBe("Lovelace");
    expect(displayName({ firstName: null, lastName: "" }, "user_1")).toBe("user_1");
    expect(displayName(null, "user_1")).toBe("user_1");
  });
});
