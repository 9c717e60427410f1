/** Test helpers: a GraphQL call over HTTP, and tokens from the local issuer. */

export interface GraphQLAnswer {
  status: number;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: {
      message: string;
      errorType?: string | null;
      path?: (string | number)[] | null;
      data?: unknown;
      locations?: unknown;
    }[];
  };
}

export async function graphql(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as GraphQLAnswer["body"] };
}

export async function mintToken(
  issuerUrl: string,
  request: Record<string, unknown>,
): Promise<string> {
  const response = await fetch(`${issuerUrl}/admin/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`mint failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
