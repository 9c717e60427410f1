import { afterEach, describe, expect, it, vi } from "vitest";
import { median, printVerdict } from "./figures";

describe("bench figures", () => {
  afterEach(() => vi.restoreAllMocks());

  it("takes the median of odd and even counts, and 0 of nothing", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it("prints the conventions' fields first, the ratio to two decimals, extras after", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    printVerdict({
      target: 0.8,
      zip_mb: 12.7,
      bench: "x",
      metric: "m",
      value: 10,
      baseline: 12,
      ratio: 10 / 12,
    });
    expect(lines).toEqual([
      '{"bench":"x","metric":"m","value":10,"baseline":12,"ratio":0.83,"target":0.8,"zip_mb":12.7}',
    ]);
  });
});
