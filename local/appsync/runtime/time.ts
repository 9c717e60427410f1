/**
 * `util.time`: AppSync formats with Java's DateTimeFormatter patterns. The common letters
 * are supported (y M d H h m s S a E Z X and quoted literals); others are refused loudly
 * rather than formatted wrongly.
 */

const TOKEN = /'[^']*'|y+|M+|d+|H+|h+|m+|s+|S+|a|E+|Z+|X+|[A-Za-z]/g;

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** Offset of a time zone at an instant, in minutes east of UTC. */
function offsetMinutes(epochMs: number, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "GMT" || timeZone === "Z") return 0;
  // Java's ZoneId also takes fixed offsets such as "+08:00".
  if (/^[+-]\d{2}:?\d{2}$/.test(timeZone)) return parseOffset(timeZone);
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(epochMs))
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0; // "GMT" alone
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

function formatOffset(minutes: number, colon: boolean, zForZero: boolean): string {
  if (minutes === 0 && zForZero) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${colon ? ":" : ""}${pad(abs % 60, 2)}`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function formatEpochMillis(epochMs: number, pattern: string, timeZone = "UTC"): string {
  const offset = offsetMinutes(epochMs, timeZone);
  const d = new Date(epochMs + offset * 60_000);
  return pattern.replace(TOKEN, (token) => {
    if (token.startsWith("'")) return token.length === 2 ? "'" : token.slice(1, -1);
    const n = token.length;
    switch (token[0]) {
      case "y":
        return n === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), n);
      case "M":
        return pad(d.getUTCMonth() + 1, n);
      case "d":
        return pad(d.getUTCDate(), n);
      case "H":
        return pad(d.getUTCHours(), n);
      case "h":
        return pad(d.getUTCHours() % 12 || 12, n);
      case "m":
        return pad(d.getUTCMinutes(), n);
      case "s":
        return pad(d.getUTCSeconds(), n);
      case "S":
        return pad(d.getUTCMilliseconds(), 3).slice(0, n).padEnd(n, "0");
      case "a":
        return d.getUTCHours() < 12 ? "AM" : "PM";
      case "E":
        return DAYS[d.getUTCDay()] ?? "";
      case "Z":
        return formatOffset(offset, n >= 4, false);
      case "X":
        return formatOffset(offset, n >= 3, true);
      default:
        throw new Error(`unsupported pattern letter "${token}"`);
    }
  });
}

/** Parses a timestamp written with a pattern (numeric fields and offsets). */
export function parseFormatted(text: string, pattern: string, timeZone = "UTC"): number {
  const fields: Record<string, number> = {};
  let offset: number | undefined;
  let position = 0;
  const take = (re: RegExp): string => {
    const match = re.exec(text.slice(position));
    if (!match || match.index !== 0) throw new Error(`"${text}" does not match "${pattern}"`);
    position += match[0].length;
    return match[0];
  };
  for (const token of pattern.match(/'[^']*'|([A-Za-z])\1*|[^A-Za-z']+/g) ?? []) {
    const letter = token[0] ?? "";
    if (token.startsWith("'")) take(new RegExp(escape(token.slice(1, -1))));
    else if (!/[A-Za-z]/.test(letter)) take(new RegExp(escape(token)));
    else if (letter === "Z" || letter === "X") {
      const value = take(/Z|[+-]\d{2}:?\d{2}/);
      offset = value === "Z" ? 0 : parseOffset(value);
    } else if (letter === "a") fields.a = take(/AM|PM/i).toUpperCase() === "PM" ? 1 : 0;
    else
      fields[letter] = Number(
        take(letter === "y" ? /\d{4}/ : new RegExp(`\\d{1,${Math.max(token.length, 2)}}`)),
      );
  }
  if (position !== text.length) throw new Error(`"${text}" does not match "${pattern}"`);
  let hours = fields.H ?? fields.h ?? 0;
  if (fields.h !== undefined && fields.a !== undefined) hours = (hours % 12) + fields.a * 12;
  const local = Date.UTC(
    fields.y ?? 1970,
    (fields.M ?? 1) - 1,
    fields.d ?? 1,
    hours,
    fields.m ?? 0,
    fields.s ?? 0,
    fields.S ?? 0,
  );
  return local - (offset ?? offsetMinutes(local, timeZone)) * 60_000;
}

function parseOffset(value: string): number {
  const digits = value.replace(":", "");
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return value.startsWith("-") ? -minutes : minutes;
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function createTimeUtils(now: () => number) {
  return {
    nowISO8601: () => new Date(now()).toISOString(),
    nowEpochSeconds: () => Math.floor(now() / 1000),
    nowEpochMilliSeconds: () => now(),
    nowFormatted: (format: string, timeZone?: string) => formatEpochMillis(now(), format, timeZone),
    parseFormattedToEpochMilliSeconds: (timestamp: string, format: string, timeZone?: string) =>
      parseFormatted(timestamp, format, timeZone),
    parseISO8601ToEpochMilliSeconds: (timestamp: string) => {
      const ms = Date.parse(timestamp);
      if (Number.isNaN(ms)) throw new Error(`not an ISO 8601 timestamp: "${timestamp}"`);
      return ms;
    },
    epochMilliSecondsToSeconds: (ms: number) => Math.floor(ms / 1000),
    epochMilliSecondsToISO8601: (ms: number) => new Date(ms).toISOString(),
    epochMilliSecondsToFormatted: (ms: number, format: string, timeZone?: string) =>
      formatEpochMillis(ms, format, timeZone),
  };
}
