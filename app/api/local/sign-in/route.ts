/**
 * Local mode's sign-in (the sign-in page's forms and the tests): form or JSON
 * `{ userId, orgId? }` → the signed session cookie, then 303 to /milestones. Without orgId
 * the user's first organization becomes active (by name), like Clerk's last active org;
 * `orgId: null`, "" or "personal" chooses the personal scope. 404 in Clerk mode.
 */
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getEnv } from "@/app/lib/env";
import { listDirectoryUsers } from "@/app/lib/session/issuer";
import { setSessionCookie } from "@/app/lib/session/local-cookie";

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
  if (getEnv().mode !== "local") return new NextResponse(null, { status: 404 });
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
  const response = seeOther("/milestones");
  setSessionCookie(response.cookies, user.id, orgId);
  return response;
}

/**
 * A relative 303: the browser stays on the host it used (127.0.0.1 vs localhost), so the
 * cookie just set goes with the next request.
 */
function seeOther(location: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location } });
}
