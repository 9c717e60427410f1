/**
 * Lambda entry point. Configuration is read once per cold start; the verifier, and its
 * JWKS cache, live in module scope across invocations.
 */
import { createHandler } from "./authorizer";

export type { AppSyncAuthorizerEvent, AppSyncAuthorizerResult } from "./authorizer";

export const handler = createHandler(process.env);
