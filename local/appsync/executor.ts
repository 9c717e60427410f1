/**
 * One GraphQL request as AppSync runs it: parse, validate, execute with the resolver map
 * (fields without a resolver read their parent's property), `deniedFields` forced to null,
 * errors in AppSync's shape.
 */
import {
  execute,
  GraphQLError,
  isObjectType,
  Kind,
  parse,
  print,
  validate,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { appendedError, toAppSyncError, type AppSyncError } from "./errors";
import { ResolverError, type ResolverErrorShape } from "./runtime/errors";
import { runResolver, type InvokeDataSource, type LoadedResolver } from "./runtime/pipeline";
import type { ExtensionCall } from "./runtime/sandbox";

/** How a request was authorized: the API's default (Lambda) or IAM (SigV4). */
export type AuthMode = "lambda" | "iam";

export interface RequestScope {
  /** `ctx.identity`: `{ resolverContext }` for Lambda, the IAM identity for IAM. */
  identity: Record<string, unknown>;
  /** @default "lambda" */
  authMode?: AuthMode;
  headers: Record<string, string>;
  deniedFields: ReadonlySet<string>;
  invokeDataSource: InvokeDataSource;
  /** The request's subscription extension calls (filters, invalidations). */
  onExtension?: (call: ExtensionCall) => void;
  /**
   * A published event to shape for a subscriber: the subscription field answers it instead
   * of running its resolver (AppSync runs a subscription's resolver once, at `start`), and
   * the subscriber's selection set picks from it.
   */
  event?: { value: unknown };
  /** The subscription field a `start` subscribes to, with its coerced arguments. */
  onSubscriptionField?: (fieldName: string, args: Record<string, unknown>) => void;
}

interface ExecutionScope extends RequestScope {
  appended: AppSyncError[];
  variables: Record<string, unknown>;
}

export interface ExecutorOptions {
  schema: GraphQLSchema;
  resolvers: ReadonlyMap<string, LoadedResolver>;
  environment: Record<string, string>;
  timeoutMs: number;
  /** AppSync's request execution time limit. @default REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
  log?: (message: string) => void;
  now?: () => number;
}

/** AppSync's quota "request execution time for mutations, queries and subscriptions". */
export const REQUEST_TIMEOUT_MS = 30_000;

/** What AppSync answers when a request runs past its execution time limit. */
export const EXECUTION_TIMEOUT: AppSyncError = {
  path: null,
  data: null,
  errorType: "ExecutionTimeout",
  errorInfo: null,
  locations: null,
  message: "Execution timed out.",
};

export interface GraphQLResponse {
  data: unknown;
  errors?: AppSyncError[];
}

/** Bounds the work a hostile document can cause before anything runs. */
const MAX_TOKENS = 10_000;

/**
 * Parsed and validated documents by query text. A client sends the same few queries over
 * and over; parsing and validating them again cost more per request than the handlers.
 * Safe to share: a document and its validation depend on the text and the schema only
 * (variables are coerced per request by execute), and graphql-js never mutates them.
 * Bounded, oldest dropped first, so distinct queries cannot grow it without limit.
 */
const MAX_CACHED_DOCUMENTS = 100;
/** Longer query texts are prepared each time (a cached document stays small). */
const MAX_CACHED_QUERY_LENGTH = 8_192;
type Prepared =
  | { ok: true; document: DocumentNode }
  | { ok: false; errorType: "InvalidSyntax" | "ValidationError"; errors: readonly GraphQLError[] };

export function createExecutor(options: ExecutorOptions) {
  const { schema, resolvers } = options;
  const documents = new Map<string, Prepared>();

  function prepare(query: string): Prepared {
    const cached = documents.get(query);
    if (cached) return cached;
    let prepared: Prepared;
    try {
      const document = parse(query, { maxTokens: MAX_TOKENS });
      const invalid = validate(schema, document);
      prepared = invalid.length
        ? { ok: false, errorType: "ValidationError", errors: invalid }
        : { ok: true, document };
    } catch (error) {
      const e = error instanceof GraphQLError ? error : new GraphQLError("Invalid query");
      prepared = { ok: false, errorType: "InvalidSyntax", errors: [e] };
    }
    if (query.length > MAX_CACHED_QUERY_LENGTH) return prepared;
    if (documents.size >= MAX_CACHED_DOCUMENTS) {
      const oldest = documents.keys().next();
      if (!oldest.done) documents.delete(oldest.value);
    }
    documents.set(query, prepared);
    return prepared;
  }

  // Install a resolve function on every field of every object type once.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const loaded = resolvers.get(`${type.name}.${field.name}`);
      const modes = authModesOf(type.astNode?.directives, field.astNode?.directives);
      const allowed = (scope: ExecutionScope) => {
        if (modes.has(scope.authMode ?? "lambda")) return;
        // AppSync's answer for a field the request's auth mode may not reach.
        throw new ResolverError(
          `Not Authorized to access ${field.name} on type ${type.name}`,
          "Unauthorized",
        );
      };
      const resolve: GraphQLFieldResolver<unknown, ExecutionScope, Record<string, unknown>> = loaded
        ? (source, args, scope, info) => {
            allowed(scope);
            if (type === schema.getSubscriptionType()) {
              if (scope.event) return scope.event.value;
              scope.onSubscriptionField?.(field.name, { ...args });
            }
            return resolveField(loaded, source, args, scope, info);
          }
        : (source, _args, scope, info) => {
            allowed(scope);
            return isDenied(scope, info) ? null : defaultResolve(source, info);
          };
      // graphql-js has no hook to attach resolvers to a built schema other than this.
      (field as { resolve?: unknown }).resolve = resolve;
    }
  }

  async function resolveField(
    loaded: LoadedResolver,
    source: unknown,
    args: Record<string, unknown>,
    scope: ExecutionScope,
    info: GraphQLResolveInfo,
  ): Promise<unknown> {
    if (isDenied(scope, info)) return null;
    const path = pathOf(info);
    const locations = info.fieldNodes.flatMap((node) => (node.loc ? [node.loc.startToken] : []));
    return runResolver(
      loaded,
      {
        arguments: { ...args },
        identity: scope.identity,
        source: source ?? null,
        request: { headers: scope.headers, domainName: null },
        info: {
          fieldName: info.fieldName,
          parentTypeName: info.parentType.name,
          variables: scope.variables,
          selectionSetList: selectionSetList(info),
          selectionSetGraphQL: info.fieldNodes[0]?.selectionSet
            ? print(info.fieldNodes[0].selectionSet)
            : "",
        },
        env: options.environment,
      },
      {
        invokeDataSource: scope.invokeDataSource,
        timeoutMs: options.timeoutMs,
        appendError: (error: ResolverErrorShape) =>
          scope.appended.push(appendedError(error, path, locations)),
        ...(scope.onExtension ? { onExtension: scope.onExtension } : {}),
        ...(options.log ? { log: options.log } : {}),
        ...(options.now ? { now: options.now } : {}),
      },
    );
  }

  return {
    /** The request's document, parsed and validated (cached); undefined when it is invalid. */
    document(query: string): DocumentNode | undefined {
      const prepared = prepare(query);
      return prepared.ok ? prepared.document : undefined;
    },
    async run(
      request: {
        query: string;
        operationName?: string | null | undefined;
        variables?: Record<string, unknown> | null | undefined;
      },
      scope: RequestScope,
    ): Promise<GraphQLResponse> {
      const prepared = prepare(request.query);
      if (!prepared.ok) {
        return {
          data: null,
          errors: prepared.errors.map((e) => toAppSyncError(e, prepared.errorType, options.log)),
        };
      }
      const { document } = prepared;
      let timedOut = false;
      const executionScope: ExecutionScope = {
        ...scope,
        // Past the limit the answer is gone; nothing more reaches a data source.
        invokeDataSource: (dataSource, dataSourceRequest) =>
          timedOut
            ? Promise.resolve({
                result: null,
                error: { type: "ExecutionTimeout", message: EXECUTION_TIMEOUT.message },
              })
            : scope.invokeDataSource(dataSource, dataSourceRequest),
        appended: [],
        variables: request.variables ?? {},
      };
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<"timeout">((resolve) => {
        timer = setTimeout(
          () => resolve("timeout"),
          options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
        );
      });
      const result = await Promise.race([
        Promise.resolve(
          execute({
            schema,
            document,
            variableValues: request.variables ?? {},
            operationName: request.operationName ?? undefined,
            contextValue: executionScope,
          }),
        ),
        limit,
      ]).finally(() => clearTimeout(timer));
      if (result === "timeout") {
        timedOut = true;
        options.log?.(`request exceeded ${options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS} ms`);
        return { data: null, errors: [EXECUTION_TIMEOUT] };
      }
      // Errors without a path come from variables or the operation itself: validation.
      const errors = [
        ...(result.errors ?? []).map((e) =>
          toAppSyncError(e, e.path ? "ExecutionError" : "ValidationError", options.log),
        ),
        ...executionScope.appended,
      ];
      return { data: result.data ?? null, ...(errors.length ? { errors } : {}) };
    },
  };
}

export type Executor = ReturnType<typeof createExecutor>;

const AUTH_DIRECTIVES: Record<string, AuthMode> = { aws_lambda: "lambda", aws_iam: "iam" };

/**
 * AppSync's multiple authorization modes: a field's own auth directives decide, else its
 * type's, else the API's default mode (Lambda). Waypoint uses two modes only.
 */
function authModesOf(
  typeDirectives: readonly ConstDirectiveNode[] | undefined,
  fieldDirectives: readonly ConstDirectiveNode[] | undefined,
): ReadonlySet<AuthMode> {
  const modes = (directives: readonly ConstDirectiveNode[] | undefined) =>
    new Set(
      (directives ?? []).flatMap((d) => {
        const mode = AUTH_DIRECTIVES[d.name.value];
        return mode ? [mode] : [];
      }),
    );
  const own = modes(fieldDirectives);
  if (own.size) return own;
  const inherited = modes(typeDirectives);
  return inherited.size ? inherited : new Set<AuthMode>(["lambda"]);
}

function isDenied(scope: ExecutionScope, info: GraphQLResolveInfo): boolean {
  return (
    scope.deniedFields.size > 0 &&
    scope.deniedFields.has(`${info.parentType.name}.${info.fieldName}`)
  );
}

function defaultResolve(source: unknown, info: GraphQLResolveInfo): unknown {
  if (typeof source !== "object" || source === null) return null;
  const value = (source as Record<string, unknown>)[info.fieldName];
  return typeof value === "function" ? null : value;
}

function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev)
    path.unshift(p.key);
  return path;
}

/** AppSync's `ctx.info.selectionSetList`: every selected field path, `a/b` for nested. */
function selectionSetList(info: GraphQLResolveInfo): string[] {
  const out: string[] = [];
  const walk = (set: SelectionSetNode | undefined, prefix: string, depth: number) => {
    if (!set || depth > 32) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        if (name === "__typename") continue;
        const path = prefix ? `${prefix}/${name}` : name;
        out.push(path);
        walk(selection.selectionSet, path, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, prefix, depth + 1);
      } else {
        walk(info.fragments[selection.name.value]?.selectionSet, prefix, depth + 1);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, "", 0);
  return [...new Set(out)];
}
