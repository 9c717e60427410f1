/**
 * The shape of an AppSync API as plain data: schema file, data sources, resolvers and
 * pipeline functions with the file each one's code comes from. The CDK stack and the local
 * AppSync runtime both read one such description (`api/resolvers.ts` for the product), so
 * what runs locally cannot drift from what is deployed.
 */

/** A data source as AppSync knows it; only the kinds Waypoint uses. */
export type DataSourceDefinition =
  /** The one table (core/table.ts); its name comes from the deployment (`TABLE_NAME`). */
  | { kind: "AMAZON_DYNAMODB" }
  /** A NONE data source: the request handler's return value is the result. */
  | { kind: "NONE" };

/** A pipeline function: its own data source and its own code file. */
export interface FunctionDefinition {
  name: string;
  dataSource: string;
  /** Absolute path of the TypeScript file exporting `request` and `response`. */
  code: string;
}

interface FieldRef {
  typeName: string;
  fieldName: string;
  /** Absolute path of the TypeScript file exporting `request` and `response`. */
  code: string;
}

export type ResolverDefinition =
  | (FieldRef & { kind: "UNIT"; dataSource: string })
  | (FieldRef & { kind: "PIPELINE"; functions: readonly FunctionDefinition[] });

export interface ApiDefinition {
  /** Absolute path of the SDL file, in AppSync's dialect. */
  schemaFile: string;
  dataSources: Readonly<Record<string, DataSourceDefinition>>;
  resolvers: readonly ResolverDefinition[];
  /** AppSync environment variables (`ctx.env`): names of data, never secrets. */
  environment?: Readonly<Record<string, string>>;
}

/** Every code file the definition names, each once (what must be bundled). */
export function codeFiles(api: ApiDefinition): string[] {
  const files = new Set<string>();
  for (const resolver of api.resolvers) {
    files.add(resolver.code);
    if (resolver.kind === "PIPELINE") for (const fn of resolver.functions) files.add(fn.code);
  }
  return [...files];
}

/**
 * Problems that would make AppSync (or CloudFormation) refuse the definition: unknown data
 * sources, a field resolved twice. Empty when the definition is sound.
 */
export function checkApiDefinition(api: ApiDefinition): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const checkSource = (name: string, where: string) => {
    if (!Object.hasOwn(api.dataSources, name))
      problems.push(`${where}: unknown data source "${name}"`);
  };
  for (const resolver of api.resolvers) {
    const field = `${resolver.typeName}.${resolver.fieldName}`;
    if (seen.has(field)) problems.push(`${field}: resolved twice`);
    seen.add(field);
    if (resolver.kind === "UNIT") checkSource(resolver.dataSource, field);
    else for (const fn of resolver.functions) checkSource(fn.dataSource, `${field} → ${fn.name}`);
  }
  return problems;
}
