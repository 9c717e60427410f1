/**
 * The live-updates publisher Lambda (infra/constructs/live-updates.ts), fed by the table's
 * stream. It calls AppSync's IAM mode with its role's credentials.
 */
import { z } from "zod";
import { createIamGraphQLClient, lambdaCredentials } from "../appsync-iam/client";
import { createLivePublisher } from "./app";

const env = z.object({ APPSYNC_URL: z.url(), AWS_REGION: z.string().min(1) }).parse(process.env);

export const handler = createLivePublisher({
  appsync: createIamGraphQLClient({
    url: env.APPSYNC_URL,
    region: env.AWS_REGION,
    credentials: () => lambdaCredentials(),
  }),
});
