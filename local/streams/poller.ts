/**
 * A thin stand-in for a Lambda event source mapping on a DynamoDB stream: reads DynamoDB
 * Local's stream (the Streams API: DescribeStream, GetShardIterator, GetRecords), keeps the
 * records that match the mapping's filter patterns, and calls the handler with
 * Lambda-shaped `DynamoDBStreamEvent` batches. Like the mapping it checkpoints a shard only
 * after the handler succeeded, retries a batch from the first record the handler reported
 * failed (ReportBatchItemFailures), and after `maxRetries` gives the record up to the
 * on-failure destination (here: a log line). It holds no rule of its own: the patterns and
 * the handler come from core/ and lambdas/.
 *
 * Not emulated: bisect-on-error (the handler reports the failed record itself, which is
 * where a bisection would end), parallelization within a shard, and record age limits.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import { createLocalClient } from "../dynamodb/table";

export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
}

export type StreamHandler = (
  event: { Records: LambdaStreamRecord[] },
  context: { getRemainingTimeInMillis(): number },
) => Promise<BatchResult | void>;

/** A record as Lambda delivers it (aws-lambda's DynamoDBRecord, for the attributes we use). */
export interface LambdaStreamRecord {
  eventID: string | undefined;
  eventName: string | undefined;
  eventVersion: string | undefined;
  eventSource: "aws:dynamodb";
  awsRegion: string | undefined;
  eventSourceARN: string;
  dynamodb: {
    ApproximateCreationDateTime?: number;
    Keys?: unknown;
    NewImage?: unknown;
    OldImage?: unknown;
    SequenceNumber: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
}

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** Lambda filter patterns (equality subset); a record matching any one is delivered. */
  patterns: readonly unknown[];
  /** @default 10 */
  batchSize?: number;
  /** Pause between empty polls. @default 200 */
  pollIntervalMs?: number;
  /** What `getRemainingTimeInMillis` counts down from per invocation. @default 15 min */
  invocationTimeoutMs?: number;
  /** Retries of a failing record before it is given up. @default 5 */
  maxRetries?: number;
  /**
   * Where shard positions are kept, so that a restarted poller resumes after the last
   * batch that succeeded. Without it, every start reads the stream from its trim horizon.
   */
  checkpointFile?: string;
  log?: (line: string) => void;
}

export interface StreamPoller {
  stop(): Promise<void>;
}

interface Checkpoints {
  streamArn: string;
  shards: Record<string, { after?: string; closed?: boolean }>;
}

/**
 * Whether `value` matches a filter pattern: every key present, every leaf one of its values
 * (or, Lambda's `{ "prefix": "…" }`, a string starting with it).
 */
export function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern))
    return pattern.some((allowed) => {
      const prefix = (allowed as { prefix?: unknown } | null)?.prefix;
      return typeof prefix === "string"
        ? typeof value === "string" && value.startsWith(prefix)
        : allowed === value;
    });
  if (typeof pattern !== "object" || pattern === null) return false;
  if (typeof value !== "object" || value === null) return false;
  return Object.entries(pattern).every(([key, sub]) =>
    matchesPattern((value as Record<string, unknown>)[key], sub),
  );
}

/** The SDK's record as Lambda would hand it over (epoch seconds; attribute values as JSON). */
export function toLambdaRecord(record: StreamRecord, streamArn: string): LambdaStreamRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime
        ? {
            ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000),
          }
        : {}),
      Keys: d.Keys,
      ...(d.NewImage ? { NewImage: d.NewImage } : {}),
      ...(d.OldImage ? { OldImage: d.OldImage } : {}),
      SequenceNumber: d.SequenceNumber ?? "",
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readCheckpoints(file: string | undefined, streamArn: string): Checkpoints {
  if (file) {
    try {
      const stored = JSON.parse(readFileSync(file, "utf8")) as Checkpoints;
      // A recreated table has a new stream: its old positions mean nothing.
      if (stored.streamArn === streamArn && typeof stored.shards === "object") return stored;
    } catch {
      // none yet
    }
  }
  return { streamArn, shards: {} };
}

function writeCheckpoints(file: string | undefined, checkpoints: Checkpoints) {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(checkpoints));
  renameSync(temporary, file); // atomic: a kill never leaves half a file
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 10;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const timeoutMs = options.invocationTimeoutMs ?? 15 * 60_000;
  const maxRetries = options.maxRetries ?? 5;
  const table = await createLocalClient(options.endpoint).send(
    new DescribeTableCommand({ TableName: options.tableName }),
  );
  const latest = table.Table?.LatestStreamArn;
  if (!latest) throw new Error(`table ${options.tableName} has no stream`);
  const streamArn: string = latest;
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 2,
  });
  const checkpoints = readCheckpoints(options.checkpointFile, streamArn);
  /** Buffered records per shard: read but not yet handled successfully. */
  const iterators = new Map<string, string | undefined>();
  let stopped = false;

  const invoke = async (records: LambdaStreamRecord[]) => {
    const deadline = Date.now() + timeoutMs;
    const context = { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
    try {
      const result = await options.handler({ Records: records }, context);
      const failed = result?.batchItemFailures[0]?.itemIdentifier;
      return failed === undefined
        ? records.length
        : Math.max(
            0,
            records.findIndex((r) => r.dynamodb.SequenceNumber === failed),
          );
    } catch (error) {
      log(`stream handler failed (${error instanceof Error ? error.name : "error"})`);
      return 0;
    }
  };

  /** Handles `records` in order; resolves once each is handled or given up. */
  async function deliver(shardId: string, records: LambdaStreamRecord[]) {
    let pending = records;
    let retries = 0;
    while (pending.length > 0 && !stopped) {
      const batch = pending.slice(0, batchSize);
      const handled = await invoke(batch);
      if (stopped) return;
      let advance = handled;
      if (handled < batch.length) {
        if (retries < maxRetries) {
          retries++;
          await sleep(Math.min(5_000, 100 * 2 ** retries));
        } else {
          const given = batch[handled];
          log(
            `on-failure: record ${given?.dynamodb.SequenceNumber ?? "?"} given up after ${maxRetries} retries`,
          );
          advance = handled + 1;
          retries = 0;
        }
      } else {
        retries = 0;
      }
      const last = batch[advance - 1];
      if (last) {
        checkpoints.shards[shardId] = { after: last.dynamodb.SequenceNumber };
        writeCheckpoints(options.checkpointFile, checkpoints);
      }
      pending = pending.slice(advance);
    }
  }

  async function iteratorFor(shardId: string): Promise<string | undefined> {
    const after = checkpoints.shards[shardId]?.after;
    const out = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
          : { ShardIteratorType: "TRIM_HORIZON" }),
      }),
    );
    return out.ShardIterator;
  }

  async function pollOnce(): Promise<number> {
    const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shards = described.StreamDescription?.Shards ?? [];
    let seen = 0;
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (!shardId || checkpoints.shards[shardId]?.closed) continue;
      // A child shard waits until its parent is read to the end: order within a key holds.
      const parent = shard.ParentShardId;
      if (parent && shards.some((s) => s.ShardId === parent) && !checkpoints.shards[parent]?.closed)
        continue;
      let iterator = iterators.get(shardId) ?? (await iteratorFor(shardId));
      if (!iterator) continue;
      const page = await streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
      );
      const records = (page.Records ?? []).map((r) => toLambdaRecord(r, streamArn));
      seen += records.length;
      const matching = records.filter((r) =>
        options.patterns.some((pattern) => matchesPattern(r, pattern)),
      );
      await deliver(shardId, matching);
      if (stopped) return seen;
      const lastRecord = records[records.length - 1];
      if (lastRecord) {
        checkpoints.shards[shardId] = { after: lastRecord.dynamodb.SequenceNumber };
        writeCheckpoints(options.checkpointFile, checkpoints);
      }
      iterator = page.NextShardIterator;
      if (!iterator) {
        checkpoints.shards[shardId] = { ...checkpoints.shards[shardId], closed: true };
        writeCheckpoints(options.checkpointFile, checkpoints);
      }
      iterators.set(shardId, iterator);
    }
    return seen;
  }

  const loop = (async () => {
    while (!stopped) {
      let seen = 0;
      try {
        seen = await pollOnce();
      } catch (error) {
        // DynamoDB Local restarting, or an expired iterator: start again from the checkpoints.
        iterators.clear();
        log(`stream poll failed (${error instanceof Error ? error.name : "error"}); retrying`);
        await sleep(1_000);
      }
      if (seen === 0 && !stopped) await sleep(pollIntervalMs);
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      streams.destroy();
    },
  };
}
