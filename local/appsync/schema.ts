/** Builds the executable graphql-js schema from an AppSync SDL file. */
import { readFileSync } from "node:fs";
import { buildSchema, GraphQLScalarType, type GraphQLSchema } from "graphql";
import { APPSYNC_PRELUDE, APPSYNC_SCALARS, scalarCoercion } from "./scalars";

export function loadAppSyncSchema(schemaFile: string): GraphQLSchema {
  const sdl = readFileSync(schemaFile, "utf8");
  const schema = buildSchema(`${APPSYNC_PRELUDE}\n${sdl}`);
  for (const [name, rules] of Object.entries(APPSYNC_SCALARS)) {
    const type = schema.getType(name);
    // buildSchema makes pass-through scalars; AppSync's validate. graphql-js offers no way
    // to supply scalar implementations to buildSchema, so they are set on the built types.
    if (type instanceof GraphQLScalarType) Object.assign(type, scalarCoercion(name, rules));
  }
  return schema;
}
