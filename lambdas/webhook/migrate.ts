/**
 * The one-off migration to permanent tombstones: every tombstone (user, org, membership)
 * written with a TTL before tombstones were permanent loses it. An offline admin command,
 * so it may Scan (the table, page by page, with a filter); nothing on a request path does.
 *
 * Idempotent: each update is conditional on the item still being a tombstone with a TTL,
 * so a second run, or two at once, change nothing more. Resumable: each page ends with a
 * cursor (the Scan's LastEvaluatedKey) that `--from` continues from.
 *
 * A user's or org's tombstone changed here also emits a stream record that the cleanup's
 * filter matches: the erasure then runs for deletions that happened before it existed.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { makeTombstonePermanent, TOMBSTONE_WITH_TTL_FILTER } from "../../core/mirror";

export interface MigrationSummary {
  scanned: number;
  migrated: number;
  /** Where the next page starts; undefined when the table has been read to the end. */
  cursor: string | undefined;
}

/** A cursor as printed: base64url of the LastEvaluatedKey's JSON (key strings only). */
export const encodeCursor = (key: Record<string, unknown>) =>
  Buffer.from(JSON.stringify(key)).toString("base64url");

export function decodeCursor(cursor: string): Record<string, string> {
  const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !Object.values(parsed).every((v) => typeof v === "string")
  ) {
    throw new Error("invalid --from cursor");
  }
  return parsed as Record<string, string>;
}

export async function migrateTombstones(options: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  from?: string;
  /** Items read per Scan page. @default 500 */
  pageSize?: number;
  /** Stop after this many pages (a resumable slice). @default all */
  maxPages?: number;
  onPage?: (summary: MigrationSummary) => void;
}): Promise<MigrationSummary> {
  const summary: MigrationSummary = { scanned: 0, migrated: 0, cursor: options.from };
  let startKey = options.from ? decodeCursor(options.from) : undefined;
  for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
    const page = await options.doc.send(
      new ScanCommand({
        TableName: options.tableName,
        ...TOMBSTONE_WITH_TTL_FILTER,
        ProjectionExpression: "PK, SK",
        Limit: options.pageSize ?? 500,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    summary.scanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      try {
        await options.doc.send(
          new UpdateCommand({
            TableName: options.tableName,
            ...makeTombstonePermanent({ PK: String(item.PK), SK: String(item.SK) }),
          }),
        );
        summary.migrated++;
      } catch (error) {
        // Already permanent (another run): nothing to do.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey as Record<string, string> | undefined;
    summary.cursor = startKey ? encodeCursor(startKey) : undefined;
    options.onPage?.({ ...summary });
    if (!startKey) break;
  }
  return summary;
}
