/** Milestones for the component tests of the table and its pieces. */
import type { Milestone } from "@/app/lib/api/schemas";

/** An org milestone owned by Alice (`user_alice`) or Bob (anyone else), version 3, planned. */
export function milestone(
  id: string,
  title: string,
  ownerId: string,
  extra: Partial<Milestone> = {},
): Milestone {
  return {
    id,
    scope: "ORG",
    orgId: "org_acme",
    ownerId,
    owner: {
      id: ownerId,
      name: ownerId === "user_alice" ? "Alice Admin" : "Bob Member",
      imageUrl: null,
    },
    title,
    description: "",
    status: "PLANNED",
    dueDate: null,
    createdAt: "2026-11-01T10:00:00.000Z",
    updatedAt: "2026-11-26T17:00:00.000Z",
    version: 3,
    ...extra,
  } satisfies Milestone;
}
