/**
 * Vitest global setup for the integration layer: one real DynamoDB Local for the run, on a
 * free port, in memory. Each test file creates its own table (see `createTestTable`).
 */
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../dynamodb/launcher";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal({ port: 0 });
  project.provide("dynamoDbEndpoint", dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
