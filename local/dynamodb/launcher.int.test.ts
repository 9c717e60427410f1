import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { keys } from "../../core/table";
import { findProcesses, isAlive } from "../testing/processes";
import { JavaMissingError, startDynamoDbLocal } from "./launcher";
import { createLocalClient, createLocalDocumentClient, ensureTable } from "./table";

describe("startDynamoDbLocal", () => {
  it("stops without leaving a JVM behind, so the same port can start again at once", async () => {
    const first = await startDynamoDbLocal({ port: 0 });
    expect(isAlive(first.pid)).toBe(true);
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(findProcesses("DynamoDBLocal.jar", `-port ${first.port}`)).toEqual([]);

    const again = await startDynamoDbLocal({ port: first.port });
    expect(again.endpoint).toBe(first.endpoint);
    await again.stop();
    await again.stop(); // idempotent
    expect(findProcesses("DynamoDBLocal.jar", `-port ${first.port}`)).toEqual([]);
  });

  it("keeps tables and items across restarts when given a dbPath", async () => {
    const dbPath = mkdtempSync(join(tmpdir(), "waypoint-ddb-"));
    try {
      const first = await startDynamoDbLocal({ port: 0, dbPath });
      await ensureTable(createLocalClient(first.endpoint), "persisted");
      await createLocalDocumentClient(first.endpoint).send(
        new PutCommand({
          TableName: "persisted",
          Item: { ...keys.org("org_p"), name: "Persisted" },
        }),
      );
      await first.stop();

      const second = await startDynamoDbLocal({ port: 0, dbPath });
      const item = await createLocalDocumentClient(second.endpoint).send(
        new GetCommand({ TableName: "persisted", Key: keys.org("org_p") }),
      );
      await second.stop();
      expect(item.Item?.name).toBe("Persisted");
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  });

  it("says how to install Java when it is missing", async () => {
    const failure = startDynamoDbLocal({ port: 0, java: "/nonexistent/bin/java" });
    await expect(failure).rejects.toBeInstanceOf(JavaMissingError);
    await expect(failure).rejects.toThrow(
      /Java 17 or newer[\s\S]*apt-get install -y openjdk-17-jre-headless/,
    );
  });
});
