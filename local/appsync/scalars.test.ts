/** AppSync's scalars: values AppSync's scalar reference accepts, and values it refuses. */
import { describe, expect, it } from "vitest";
import { APPSYNC_SCALARS } from "./scalars";

const accepts = (name: string, value: unknown) => {
  const rules = APPSYNC_SCALARS[name];
  if (!rules) throw new Error(name);
  try {
    rules.check(value);
    return true;
  } catch {
    return false;
  }
};

const cases: Record<string, { good: unknown[]; bad: unknown[] }> = {
  AWSDate: {
    good: ["1970-01-01", "2024-02-29", "1970-01-01Z", "1970-01-01-07:00", "1970-01-01+05:30:15"],
    bad: ["2023-02-29", "1970-13-01", "70-01-01", "1970-01-01T00:00Z", "", 19700101],
  },
  AWSTime: {
    good: ["12:00", "12:00:34", "12:00:34.001", "12:30Z", "12:30:24-07:00"],
    bad: ["24:00", "12:60", "1200", "12:00:34.0000000001"],
  },
  AWSDateTime: {
    good: [
      "1970-01-01T12:00Z",
      "1970-01-01T12:00:34.001Z",
      "1930-01-01T16:00-07:00",
      "2026-01-15T10:00:00.000+05:30",
    ],
    bad: ["1970-01-01T12:00", "1970-01-01", "1970-02-30T12:00Z", "1970-01-01 12:00Z", "now"],
  },
  AWSTimestamp: { good: [0, -123, 1517943695], bad: [1.5, "1517943695", Number.MAX_VALUE] },
  AWSEmail: {
    good: ["example@example.com", "a.b+c@sub.example.org"],
    bad: ["no-at.example.com", "a@b", "a @b.com", ""],
  },
  AWSURL: {
    good: ["https://www.amazon.com/dp/B000NZW3KC/", "mailto:example@example.com"],
    bad: ["www.amazon.com", "/path", ""],
  },
  AWSPhone: {
    good: ["+1 555 123 4567", "+44 20 7946 0958", "555-123-4567"],
    bad: ["phone", "+", "12"],
  },
  AWSIPAddress: {
    good: ["123.12.34.56", "1.2.3.4/24", "1a2b:3c4b::", "1a2b:3c4b::/64"],
    bad: ["256.1.1.1", "1.2.3.4/33", "1.2.3", "::/129", "1.2.3.4/24/1"],
  },
  AWSJSON: { good: ['{"a":1}', "[1,2]", "3", '"s"'], bad: ["{a:1}", "", 3] },
};

describe("AppSync scalars", () => {
  for (const [name, { good, bad }] of Object.entries(cases)) {
    it(`${name}: accepts valid values, refuses others`, () => {
      expect(good.filter((value) => !accepts(name, value))).toEqual([]);
      expect(bad.filter((value) => accepts(name, value))).toEqual([]);
    });
  }

  it("AWSJSON hands resolvers the parsed value", () => {
    expect(APPSYNC_SCALARS.AWSJSON?.check('{"a":[1]}')).toEqual({ a: [1] });
  });
});
