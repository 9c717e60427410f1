/**
 * Filter, condition, key-condition, update and projection expressions from the objects of
 * `@aws-appsync/utils/dynamodb`, named as AppSync documents them: `#title` for a name,
 * `:title_contains` for a value (util.transform example). A placeholder already taken by
 * another value gets a numeric suffix, so `or` branches on one field never collide.
 */
import { toDynamoDB, type TypedValue } from "./dynamodb-values";

export interface DynamoDBExpression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, TypedValue>;
}

const COMPARISONS: Record<string, string> = {
  eq: "=",
  ne: "<>",
  le: "<=",
  lt: "<",
  ge: ">=",
  gt: ">",
};
const FILTER_OPERATORS = new Set([
  ...Object.keys(COMPARISONS),
  "between",
  "beginsWith",
  "contains",
  "notContains",
  "in",
  "attributeExists",
  "attributeType",
]);
const KEY_OPERATORS = new Set(["eq", "le", "lt", "ge", "gt", "between", "beginsWith"]);

const ATTRIBUTE_TYPES: Record<string, string> = {
  string: "S",
  stringSet: "SS",
  number: "N",
  numberSet: "NS",
  binary: "B",
  binarySet: "BS",
  boolean: "BOOL",
  list: "L",
  map: "M",
  _null: "NULL",
};

/** Collects placeholders for one expression (or for several sharing one request). */
export class Placeholders {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, TypedValue> = {};

  name(attribute: string): string {
    const placeholder = `#${safe(attribute)}`;
    let candidate = placeholder;
    for (
      let i = 1;
      this.names[candidate] !== undefined && this.names[candidate] !== attribute;
      i++
    ) {
      candidate = `${placeholder}_${i}`;
    }
    this.names[candidate] = attribute;
    return candidate;
  }

  value(label: string, value: TypedValue): string {
    const placeholder = `:${safe(label)}`;
    let candidate = placeholder;
    for (let i = 1; this.values[candidate] !== undefined; i++) candidate = `${placeholder}_${i}`;
    this.values[candidate] = value;
    return candidate;
  }

  /** The expression with only the maps it uses (AppSync wants no unused placeholders). */
  finish(expression: string): DynamoDBExpression {
    const out: DynamoDBExpression = { expression };
    if (Object.keys(this.names).length) out.expressionNames = { ...this.names };
    if (Object.keys(this.values).length) out.expressionValues = { ...this.values };
    return out;
  }
}

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, "_");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A filter or condition object → expression text (recursive over and/or/not and paths). */
function filterText(filter: Record<string, unknown>, p: Placeholders, path: string[] = []): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    if (path.length === 0 && (key === "and" || key === "or")) {
      const branches = (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
      const texts = branches.map((branch) => filterText(branch, p)).filter(Boolean);
      if (texts.length) parts.push(texts.map((t) => `(${t})`).join(` ${key.toUpperCase()} `));
    } else if (path.length === 0 && key === "not") {
      const text = filterText(value as Record<string, unknown>, p);
      if (text) parts.push(`NOT (${text})`);
    } else if (!isPlainObject(value)) {
      throw new TypeError(`filter on "${key}" must be an object of operators`);
    } else if (Object.keys(value).some((op) => FILTER_OPERATORS.has(op))) {
      parts.push(...operatorTexts([...path, key], value, p, FILTER_OPERATORS));
    } else {
      // A nested map attribute: { address: { city: { eq: "x" } } } → #address.#city = …
      const text = filterText(value, p, [...path, key]);
      if (text) parts.push(text);
    }
  }
  return parts.length > 1 ? parts.map((part) => `(${part})`).join(" AND ") : (parts[0] ?? "");
}

function operatorTexts(
  path: string[],
  operators: Record<string, unknown>,
  p: Placeholders,
  allowed: Set<string>,
): string[] {
  const name = path.map((segment) => p.name(segment)).join(".");
  const label = path.join("_");
  const texts: string[] = [];
  for (const [op, operand] of Object.entries(operators)) {
    if (operand === null || operand === undefined) continue;
    if (!allowed.has(op))
      throw new TypeError(`unsupported operator "${op}" on "${path.join(".")}"`);
    const v = (suffix: string, value: unknown) => p.value(`${label}_${suffix}`, toDynamoDB(value));
    if (op in COMPARISONS) texts.push(`${name} ${COMPARISONS[op]} ${v(op, operand)}`);
    else if (op === "between") {
      const [low, high] = operand as [unknown, unknown];
      texts.push(`${name} BETWEEN ${v("between_0", low)} AND ${v("between_1", high)}`);
    } else if (op === "beginsWith") texts.push(`begins_with(${name}, ${v(op, operand)})`);
    else if (op === "contains") texts.push(`contains(${name}, ${v(op, operand)})`);
    else if (op === "notContains") texts.push(`NOT contains(${name}, ${v(op, operand)})`);
    else if (op === "in") {
      const list = (operand as unknown[]).map((item, i) => v(`in_${i}`, item));
      texts.push(`${name} IN (${list.join(", ")})`);
    } else if (op === "attributeExists") {
      texts.push(operand ? `attribute_exists(${name})` : `attribute_not_exists(${name})`);
    } else if (op === "attributeType") {
      const typeName = typeof operand === "string" ? operand : "";
      const type = ATTRIBUTE_TYPES[typeName];
      if (!type) throw new TypeError(`unknown attributeType "${typeName}"`);
      texts.push(`attribute_type(${name}, ${p.value(`${label}_attributeType`, { S: type })})`);
    }
  }
  return texts;
}

/** `util.transform.toDynamoDBFilterExpression` / `…ConditionExpression`, as an object. */
export function toFilterExpression(filter: Record<string, unknown>): DynamoDBExpression | null {
  const p = new Placeholders();
  const text = filterText(filter, p);
  return text ? p.finish(text) : null;
}

/** A Query's key condition: equality on the partition key, one operator on the sort key. */
export function toKeyConditionExpression(query: Record<string, unknown>): DynamoDBExpression {
  const p = new Placeholders();
  const texts: string[] = [];
  for (const [attribute, operators] of Object.entries(query)) {
    if (!isPlainObject(operators))
      throw new TypeError(`key condition on "${attribute}" must be an object`);
    texts.push(...operatorTexts([attribute], operators, p, KEY_OPERATORS));
  }
  if (!texts.length) throw new TypeError("a query needs a key condition");
  return p.finish(texts.join(" AND "));
}

export function toProjectionExpression(fields: readonly string[]): DynamoDBExpression {
  const p = new Placeholders();
  const text = fields
    .map((field) =>
      field
        .split(".")
        .map((segment) => {
          // `nested.list[1]`: the index stays outside the name placeholder.
          const match = /^([^[]+)((?:\[\d+\])*)$/.exec(segment);
          return match ? `${p.name(match[1] ?? "")}${match[2] ?? ""}` : p.name(segment);
        })
        .join("."),
    )
    .join(", ");
  return p.finish(text);
}

/** The marker objects of `operations.*`, as the helpers return them. */
export interface UpdateOperation {
  _type: string;
  value?: unknown;
  by?: number;
  index?: number;
}

function isOperation(value: unknown): value is UpdateOperation {
  return isPlainObject(value) && typeof value._type === "string";
}

/** An update object (plain values and `operations.*`) → SET/ADD/REMOVE expression. */
export function toUpdateExpression(update: Record<string, unknown>): DynamoDBExpression {
  const p = new Placeholders();
  const sets: string[] = [];
  const adds: string[] = [];
  const removes: string[] = [];
  const walk = (object: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(object)) {
      if (value === undefined) continue;
      const full = [...path, key];
      const name = full.map((segment) => p.name(segment)).join(".");
      const label = full.join("_");
      if (isOperation(value)) {
        const v = (operand: unknown) => p.value(label, toDynamoDB(operand));
        switch (value._type) {
          case "add":
          case "replace":
            sets.push(`${name} = ${v(value.value)}`);
            break;
          case "remove":
            removes.push(name);
            break;
          case "increment":
            adds.push(`${name} ${v(value.by ?? 1)}`);
            break;
          case "decrement":
            adds.push(`${name} ${v(-(value.by ?? 1))}`);
            break;
          case "append":
            sets.push(
              `${name} = list_append(if_not_exists(${name}, ${p.value("emptyList", { L: [] })}), ${v(value.value)})`,
            );
            break;
          case "prepend":
            sets.push(
              `${name} = list_append(${v(value.value)}, if_not_exists(${name}, ${p.value("emptyList", { L: [] })}))`,
            );
            break;
          case "updateListItem":
            sets.push(`${name}[${Number(value.index)}] = ${v(value.value)}`);
            break;
          default:
            throw new TypeError(`unknown update operation "${value._type}"`);
        }
      } else if (isPlainObject(value)) {
        walk(value, full); // a nested path: only the named fields change
      } else {
        sets.push(`${name} = ${p.value(label, toDynamoDB(value))}`);
      }
    }
  };
  walk(update, []);
  const clauses = [
    sets.length ? `SET ${sets.join(", ")}` : "",
    adds.length ? `ADD ${adds.join(", ")}` : "",
    removes.length ? `REMOVE ${removes.join(", ")}` : "",
  ].filter(Boolean);
  if (!clauses.length) throw new TypeError("an update needs at least one attribute");
  return p.finish(clauses.join(" "));
}
