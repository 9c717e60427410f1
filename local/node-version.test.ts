import { describe, expect, it } from "vitest";
import { MINIMUM_NODE_MAJOR, nodeVersionProblem } from "./node-version";

describe("nodeVersionProblem", () => {
  it("accepts the supported majors", () => {
    expect(nodeVersionProblem("22.22.2")).toBeUndefined();
    expect(nodeVersionProblem("24.21.0")).toBeUndefined();
    expect(nodeVersionProblem("26.0.0")).toBeUndefined();
  });

  it("explains both ways out on an older Node", () => {
    const problem = nodeVersionProblem("20.20.2");
    expect(problem).toContain("this is Node.js 20.20.2");
    expect(problem).toContain(`Node.js ${MINIMUM_NODE_MAJOR}+`);
    expect(problem).toContain("npm install");
    expect(problem).toContain("nvm");
  });

  it("refuses what it cannot read", () => {
    expect(nodeVersionProblem("")).toBeDefined();
    expect(nodeVersionProblem("v24")).toBeDefined();
  });
});
