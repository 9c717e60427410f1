/** How a person is named in the dashboard: "First Last", either alone, or else `fallback`. */
export function displayName(
  person: { firstName?: string | null; lastName?: string | null } | null | undefined,
  fallback: string,
): string {
  return [person?.firstName, person?.lastName].filter(Boolean).join(" ") || fallback;
}
