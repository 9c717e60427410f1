/**
 * AppSync's built-in scalars with AppSync's validation, and the directives of its SDL
 * dialect, so that an `api/schema.graphql` written for AppSync builds with graphql-js
 * unchanged.
 */
import { isIP } from "node:net";
import { GraphQLError, Kind, type ValueNode } from "graphql";

interface ScalarRules {
  /** Input (variables and literals) and output share these rules. */
  check: (value: unknown) => unknown;
  /** The literal kinds accepted in a query document. */
  literals: readonly Kind[];
}

const OFFSET = "(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)";
const DATE = "-?\\d{4,}-(\\d{2})-(\\d{2})";
const TIME = "\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?";

const datePattern = new RegExp(`^${DATE}${OFFSET}?$`);
const timePattern = new RegExp(`^${TIME}${OFFSET}?$`);
// AppSync: the offset of an AWSDateTime is compulsory; seconds and fractions are optional.
const dateTimePattern = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

function validCalendarDate(text: string): boolean {
  const match = /^(-?\d{4,})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function validClock(text: string): boolean {
  const match = /(?:^|T)(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  return !!match && Number(match[1]) < 24 && Number(match[2]) < 60 && Number(match[3] ?? 0) < 60;
}

const fail = (scalar: string, value: unknown): never => {
  const shown = typeof value === "string" ? `"${value.slice(0, 64)}"` : typeof value;
  throw new GraphQLError(`Invalid ${scalar} value: ${shown}`);
};

const stringRule = (scalar: string, valid: (text: string) => boolean): ScalarRules => ({
  literals: [Kind.STRING],
  check: (value) => (typeof value === "string" && valid(value) ? value : fail(scalar, value)),
});

export const APPSYNC_SCALARS: Record<string, ScalarRules> = {
  AWSDate: stringRule("AWSDate", (t) => datePattern.test(t) && validCalendarDate(t)),
  AWSTime: stringRule("AWSTime", (t) => timePattern.test(t) && validClock(t)),
  AWSDateTime: stringRule(
    "AWSDateTime",
    (t) => dateTimePattern.test(t) && validCalendarDate(t) && validClock(t),
  ),
  AWSTimestamp: {
    literals: [Kind.INT],
    check: (value) => (Number.isSafeInteger(value) ? value : fail("AWSTimestamp", value)),
  },
  AWSEmail: stringRule("AWSEmail", (t) => t.length <= 320 && /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(t)),
  AWSURL: stringRule("AWSURL", (t) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(t) && URL.canParse(t)),
  AWSPhone: stringRule(
    "AWSPhone",
    (t) => /^\+?[\d\s().-]{3,32}$/.test(t) && /\d{3}/.test(t.replace(/\D/g, "")),
  ),
  AWSIPAddress: stringRule("AWSIPAddress", (t) => {
    const [address = "", prefix, extra] = t.split("/");
    const version = isIP(address);
    if (!version || extra !== undefined) return false;
    return (
      prefix === undefined ||
      (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
    );
  }),
  // AWSJSON travels as a JSON string; resolvers see the parsed value (AppSync parses it).
  AWSJSON: {
    literals: [Kind.STRING],
    check: (value) => {
      if (typeof value !== "string") return fail("AWSJSON", value);
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return fail("AWSJSON", value);
      }
    },
  },
};

/** The SDL AppSync defines implicitly: its scalars and authorization directives. */
export const APPSYNC_PRELUDE = `
${Object.keys(APPSYNC_SCALARS)
  .map((name) => `scalar ${name}`)
  .join("\n")}
directive @aws_lambda on OBJECT | FIELD_DEFINITION
directive @aws_api_key on OBJECT | FIELD_DEFINITION
directive @aws_iam on OBJECT | FIELD_DEFINITION
directive @aws_oidc on OBJECT | FIELD_DEFINITION
directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
directive @aws_publish(subscriptions: [String]) on FIELD_DEFINITION
`;

/** Coercion functions for one AppSync scalar, in graphql-js 17's names. */
export function scalarCoercion(name: string, rules: ScalarRules) {
  const output = (value: unknown): unknown => {
    if (name === "AWSJSON") return typeof value === "string" ? value : JSON.stringify(value);
    return rules.check(value);
  };
  const literal = (node: ValueNode): unknown => {
    if (!rules.literals.includes(node.kind)) throw new GraphQLError(`Invalid ${name} literal`);
    const raw =
      node.kind === Kind.INT
        ? Number((node as { value: string }).value)
        : (node as { value: unknown }).value;
    return rules.check(raw);
  };
  return {
    coerceOutputValue: output,
    serialize: output,
    coerceInputValue: rules.check,
    parseValue: rules.check,
    coerceInputLiteral: literal,
    parseLiteral: literal,
  };
}
