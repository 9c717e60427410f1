/**
 * Waiting in integration tests for what happens elsewhere (a webhook reaching the mirror, a
 * stream record reaching its reader): poll a check every 25 ms up to a bound. The bound is a
 * limit on how long a test may hang, not an assertion about speed.
 */
import { GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { membershipKey } from "../../core/portable/keys";

/** True once `check` holds within `ms`; false (after one last check) when it never did. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  ms: number,
): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/** The mirrored role of a membership (consistent read), undefined when there is none. */
export async function mirroredRole(
  table: { doc: DynamoDBDocumentClient; tableName: string },
  orgId: string,
  userId: string,
): Promise<string | undefined> {
  const key = membershipKey(orgId, userId);
  if (key === null) throw new Error("not a membership key");
  const out = await table.doc.send(
    new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }),
  );
  return out.Item?.role as string | undefined;
}
