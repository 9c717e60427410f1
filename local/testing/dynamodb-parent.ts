/**
 * A parent for DynamoDB Local that a test can kill without it running `stop()`: starts it on
 * a free port, prints `{"pid":…,"port":…}` on one line, then waits. It exits (still without
 * `stop()`) when its stdin closes, so it cannot itself outlive the test that spawned it.
 */
import { startDynamoDbLocal } from "../dynamodb/launcher";

const dynamo = await startDynamoDbLocal({ port: 0 });
console.log(JSON.stringify({ pid: dynamo.pid, port: dynamo.port }));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
