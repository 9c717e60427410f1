/**
 * Local mode's sign-in (the sign-in page's forms and the tests): form or JSON
 * `{ userId, orgId? }` → the signed session cookie, then 303 to /milestones. Without orgId
 * the user's first organization becomes active (by name), like Clerk's last active org;
 * `orgId: null`, "" or "personal" chooses the personal scope. 404 in Clerk mode.
 *
 * Who may call it: anyone who can reach the dashboard in local mode (that is what local mode
 * is), but only from the dashboard's own pages: cross-site requests are refused with 403
 * (Sec-Fetch-Site / Origin), so another site's page cannot sign a visitor in as someone else.
 */
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getEnv } from "@/app/lib/env";
import { secureContextProblem, type CookieContext } from "@/app/lib/session/cookie";
import { listDirectoryUsers } from "@/app/lib/session/issuer";
import { setSessionCookie } from "@/app/lib/session/local-cookie";
import { crossOriginProblem } from "@/app/lib/session/same-origin";

const inputSchema = z.object({
  userId: z.string().regex(/^user_[A-Za-z0-9_]{1,64}$/),
  orgId: z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value === "" || value === "personal" ? null : value)),
});

async function readInput(request: NextRequest): Promise<unknown> {
  if (request.headers.get("content-type")?.includes("application/json")) {
    return request.json().catch(() => null);
  }
  const form = await request.formData().catch(() => null);
  if (!form) return null;
  const userId = form.get("userId");
  const orgId = form.get("orgId");
  return {
    userId: typeof userId === "string" ? userId : undefined,
    ...(typeof orgId === "string" ? { orgId } : {}),
  };
}

export async function POST(request: NextRequest): Promise<NextResponse> {
  const env = getEnv();
  if (env.mode !== "local") return new NextResponse(null, { status: 404 });
  const crossOrigin = crossOriginProblem(request.headers);
  if (crossOrigin) {
    return NextResponse.json(
      { error: `cross-site sign-in refused (${crossOrigin})` },
      { status: 403 },
    );
  }
  const context: CookieContext = {
    production: env.production,
    headers: request.headers,
    url: request.url,
  };
  const insecure = secureContextProblem(context);
  if (insecure) return NextResponse.json({ error: insecure }, { status: 400 });
  const input = inputSchema.safeParse(await readInput(request));
  if (!input.success) {
    return NextResponse.json({ error: "expected { userId, orgId? }" }, { status: 400 });
  }
  const user = (await listDirectoryUsers()).find((u) => u.id === input.data.userId);
  if (!user) return NextResponse.json({ error: "no such user" }, { status: 404 });
  let orgId: string | null;
  if (input.data.orgId === undefined) {
    orgId = user.memberships[0]?.orgId ?? null;
  } else if (input.data.orgId === null) {
    orgId = null;
  } else {
    orgId = input.data.orgId;
    if (!user.memberships.some((m) => m.orgId === orgId)) {
      return NextResponse.json({ error: "not a member of that organization" }, { status: 403 });
    }
  }
  const response = seeOther("/overview");
  setSessionCookie(response.cookies, context, user.id, orgId);
  return response;
}

/**
 * A relative 303: the browser stays on the host it used (127.0.0.1 vs localhost), so the
 * cookie just set goes with the next request.
 */
function seeOther(location: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location } });
}
