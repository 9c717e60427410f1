/**
 * Which DynamoDB actions APPSYNC_JS code needs, read from the bundled code itself, so that
 * the data source's role follows the resolvers: a new resolver that updates items gets
 * UpdateItem without an infra change, and no action is granted that no resolver uses.
 *
 * Read from: the helpers imported from `@aws-appsync/utils/dynamodb` (esbuild leaves that
 * import in place), the element kinds of `transactWrite`, and raw `operation: "…"` requests.
 * Anything it cannot map (a namespace import, `sync`, an unknown operation) is an error,
 * never a silent omission.
 */
import type { ItemAction } from "./constructs/waypoint-table";

const HELPERS: Record<string, readonly ItemAction[] | "transactWrite" | "none"> = {
  get: ["dynamodb:GetItem"],
  put: ["dynamodb:PutItem"],
  update: ["dynamodb:UpdateItem"],
  remove: ["dynamodb:DeleteItem"],
  query: ["dynamodb:Query"],
  batchGet: ["dynamodb:BatchGetItem"],
  batchPut: ["dynamodb:BatchWriteItem"],
  batchDelete: ["dynamodb:BatchWriteItem"],
  // TransactGetItems and TransactWriteItems are authorized element by element.
  transactGet: ["dynamodb:GetItem"],
  transactWrite: "transactWrite",
  toStringSet: "none",
  toNumberSet: "none",
  toBinarySet: "none",
  // Update-expression builders (`operations.increment`…): values, not requests.
  operations: "none",
};

const TRANSACT_ELEMENTS: Record<string, ItemAction> = {
  putItem: "dynamodb:PutItem",
  updateItem: "dynamodb:UpdateItem",
  deleteItem: "dynamodb:DeleteItem",
  conditionCheck: "dynamodb:ConditionCheckItem",
};

const OPERATIONS: Record<string, readonly ItemAction[]> = {
  GetItem: ["dynamodb:GetItem"],
  PutItem: ["dynamodb:PutItem"],
  UpdateItem: ["dynamodb:UpdateItem"],
  DeleteItem: ["dynamodb:DeleteItem"],
  Query: ["dynamodb:Query"],
  BatchGetItem: ["dynamodb:BatchGetItem"],
  BatchPutItem: ["dynamodb:BatchWriteItem"],
  BatchDeleteItem: ["dynamodb:BatchWriteItem"],
  TransactGetItems: ["dynamodb:GetItem"],
  TransactWriteItems: Object.values(TRANSACT_ELEMENTS),
};

export class UnmappedAccessError extends Error {
  constructor(what: string) {
    super(`cannot derive DynamoDB permissions for ${what}; map it in infra/resolver-access.ts`);
    this.name = "UnmappedAccessError";
  }
}

/** The actions one bundled file's code needs, sorted. */
export function dynamoDbActionsOf(code: string): ItemAction[] {
  // The inline source map (base64, no quotes or colons) holds no code; drop it all the same.
  const source = code.replace(/\/\/# sourceMappingURL=.*$/m, "");
  const actions = new Set<ItemAction>();
  if (/import\s*\*\s*as\s+\w+\s+from\s*["']@aws-appsync\/utils\/dynamodb["']/.test(source)) {
    throw new UnmappedAccessError("a namespace import of @aws-appsync/utils/dynamodb");
  }
  const imports = source.matchAll(
    /import\s*\{([^}]*)\}\s*from\s*["']@aws-appsync\/utils\/dynamodb["']/g,
  );
  for (const [, list = ""] of imports) {
    for (const item of list.split(",")) {
      const name = item.trim().split(/\s+as\s+/)[0] ?? "";
      if (name === "") continue;
      const mapped = HELPERS[name];
      if (mapped === undefined) throw new UnmappedAccessError(`the helper "${name}"`);
      if (mapped === "none") continue;
      if (mapped === "transactWrite") {
        const elements = [
          ...source.matchAll(/\b(putItem|updateItem|deleteItem|conditionCheck)\s*:/g),
        ];
        if (elements.length === 0)
          throw new UnmappedAccessError("a transactWrite with no literal elements");
        for (const [, kind = ""] of elements) {
          const action = TRANSACT_ELEMENTS[kind];
          if (action) actions.add(action);
        }
        continue;
      }
      for (const action of mapped) actions.add(action);
    }
  }
  for (const [, operation = ""] of source.matchAll(/\boperation\s*:\s*["'](\w+)["']/g)) {
    const mapped = OPERATIONS[operation];
    if (!mapped) throw new UnmappedAccessError(`the operation "${operation}"`);
    for (const action of mapped) actions.add(action);
  }
  return [...actions].sort();
}

/** The union over many files, sorted. */
export function dynamoDbActionsOfAll(codes: Iterable<string>): ItemAction[] {
  const all = new Set<ItemAction>();
  for (const code of codes) for (const action of dynamoDbActionsOf(code)) all.add(action);
  return [...all].sort();
}
