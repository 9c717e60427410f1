/** What every route of the issuer works with. */
import type { Directory } from "../directory";
import type { KeyStore } from "../keys";
import type { IssuerOptions } from "../server";
import type { WebhookSender } from "../webhooks";

export interface IssuerContext {
  options: IssuerOptions;
  /** The issuer's base URL, also the `iss` of its tokens. */
  url: string;
  keys: KeyStore;
  directory: Directory;
  webhooks: WebhookSender;
  /** One session id per user, reused across minted tokens like a browser session. */
  sessions: Map<string, string>;
}
