import { describe, expect, it } from "vitest";
import { csvField, csvRecord, neutralizeCell } from "./csv";

describe("neutralizeCell", () => {
  it("prefixes every cell that a spreadsheet would read as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"])
      expect(neutralizeCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutralizeCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
  });

  it("leaves every other cell as it is", () => {
    for (const value of ["", "Launch", " =not first", "1-2", "'quoted", "\nnewline first", "é"])
      expect(neutralizeCell(value)).toBe(value);
  });
});

describe("csvField", () => {
  it("quotes fields holding a comma, a quote, CR or LF, doubling the quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("carriage\rreturn")).toBe('"carriage\rreturn"');
    expect(csvField("plain")).toBe("plain");
  });

  it("neutralises before quoting, so the quote wraps the prefix too", () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField("\rboom")).toBe(`"'\rboom"`);
    expect(csvField("-1")).toBe("'-1");
  });

  it("writes null and undefined as empty fields, numbers as text", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(3)).toBe("3");
  });
});

describe("csvRecord", () => {
  it("joins with commas and ends with CRLF", () => {
    expect(csvRecord(["id", "a,b", null, 2])).toBe('id,"a,b",,2\r\n');
    expect(csvRecord([])).toBe("\r\n");
  });
});
