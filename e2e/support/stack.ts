/**
 * Where the e2e stack listens. playwright.config.ts chooses the ports (free ones, or the
 * E2E_*_PORT given) and publishes the URLs in the environment, which every worker inherits.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through playwright.config.ts`);
  return value;
}

export const stack = {
  /** The dashboard (next start). */
  get baseUrl() {
    return required("E2E_BASE_URL");
  },
  /** The local Clerk-compatible issuer (admin API, tokens). */
  get issuerUrl() {
    return required("E2E_ISSUER_URL");
  },
  /** The local AppSync GraphQL endpoint. */
  get apiUrl() {
    return required("E2E_API_URL");
  },
  /** The webhook receiver (the webhook Lambda's handler behind a Function URL stand-in). */
  get webhookUrl() {
    return required("E2E_WEBHOOK_URL");
  },
  /**
   * The signing secret shared by the issuer and the receiver: the stack's default, the one of
   * .env.example (the config passes it to the stack explicitly, so both sides agree).
   */
  webhookSecret: "whsec_d2F5cG9pbnQtbG9jYWwtd2ViaG9vay1zZWNyZXQ=",
} as const;
