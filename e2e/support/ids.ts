/**
 * Names no other test uses: journeys create their own orgs and users, so they run in any
 * order, on any worker, against one long-lived stack.
 */
let counter = 0;
const run = Date.now().toString(36);

/** `<prefix>_<run>_<worker>_<n>`: a valid Clerk-style id (letters, digits, `_`). */
export function uniqueId(prefix: "user" | "org", workerIndex: number): string {
  counter += 1;
  return `${prefix}_e2e_${run}_w${workerIndex}_${counter}`;
}

/** A lowercase slug matching the id. */
export function slugOf(id: string): string {
  return id.toLowerCase().replace(/_/g, "-");
}
