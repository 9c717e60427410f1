/**
 * The test API: a resolver map in the same shape as the product's (`api/resolvers.ts`),
 * over the test schema. Tests set `environment.TABLE_NAME` to their own table.
 */
import { fileURLToPath } from "node:url";
import type { ApiDefinition, FunctionDefinition } from "../../../api/resolver-map";

const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const resolver = (name: string) => file(`./resolvers/${name}`);

const requireListAccess: FunctionDefinition = {
  name: "requireListAccess",
  dataSource: "none",
  code: resolver("functions/require-list-access.none.ts"),
};
const getTodo: FunctionDefinition = {
  name: "getTodo",
  dataSource: "table",
  code: resolver("functions/get-todo.table.ts"),
};

export const testApi: ApiDefinition = {
  schemaFile: file("./schema.graphql"),
  dataSources: { table: { kind: "AMAZON_DYNAMODB" }, none: { kind: "NONE" } },
  resolvers: [
    {
      typeName: "Query",
      fieldName: "whoami",
      kind: "UNIT",
      dataSource: "none",
      code: resolver("Query.whoami.none.ts"),
    },
    {
      typeName: "Query",
      fieldName: "todo",
      kind: "UNIT",
      dataSource: "table",
      code: resolver("Query.todo.table.ts"),
    },
    {
      typeName: "Query",
      fieldName: "todos",
      kind: "UNIT",
      dataSource: "table",
      code: resolver("Query.todos.table.ts"),
    },
    {
      typeName: "Query",
      fieldName: "todosByIds",
      kind: "UNIT",
      dataSource: "table",
      code: resolver("Query.todosByIds.table.ts"),
    },
    {
      typeName: "Query",
      fieldName: "guardedTodo",
      kind: "PIPELINE",
      functions: [requireListAccess, getTodo],
      code: resolver("Query.guardedTodo.ts"),
    },
    {
      typeName: "Query",
      fieldName: "todoWithWarning",
      kind: "UNIT",
      dataSource: "table",
      code: resolver("Query.todoWithWarning.table.ts"),
    },
    {
      typeName: "Mutation",
      fieldName: "createTodo",
      kind: "UNIT",
      dataSource: "table",
      code: resolver("Mutation.createTodo.table.ts"),
    },
    {
      typeName: "Mutation",
      fieldName: "updateTodo",
      kind: "UNIT",
      dataSource: "table",
      code: resolver("Mutation.updateTodo.table.ts"),
    },
    {
      typeName: "Mutation",
      fieldName: "deleteTodo",
      kind: "UNIT",
      dataSource: "table",
      code: resolver("Mutation.deleteTodo.table.ts"),
    },
    {
      typeName: "Mutation",
      fieldName: "createTodoPair",
      kind: "UNIT",
      dataSource: "table",
      code: resolver("Mutation.createTodoPair.table.ts"),
    },
  ],
};

/** For `APPSYNC_API_MODULE=local/appsync/testing/api.ts npm run dev` and the dev test. */
export { testApi as api };
