/**
 * How a deleted user is named wherever their id still appears (owner of an org milestone,
 * a member in the instant before the cascade, `me` with a token still valid): their
 * profile is erased, only the tombstone remains, so there is no name to show.
 */
export const DELETED_USER_NAME = "Deleted user";

/** Whether a mirrored profile item is a deleted user's tombstone. */
export function isTombstone(profile: Record<string, unknown> | null | undefined): boolean {
  return profile !== null && profile !== undefined && profile.deleted === true;
}
