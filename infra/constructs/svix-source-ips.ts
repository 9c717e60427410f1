/**
 * The addresses Svix (Clerk's webhook sender) delivers from, as published at
 * https://docs.svix.com/receiving/source-ips (also https://docs.svix.com/webhook-ips.json):
 * its US and EU regions, where Clerk's instances send from. Read on 2026-12-01. Svix may
 * change them: the list is the default of the `webhookSourceCidrs` context setting, so a
 * deployment can follow a change (or a private region) without a code change.
 */
export const SVIX_SOURCE_CIDRS: readonly string[] = [
  // US
  "44.228.126.217/32",
  "50.112.21.217/32",
  "52.24.126.164/32",
  "54.148.139.208/32",
  "2600:1f24:64:8000::/56",
  // EU
  "52.215.16.239/32",
  "54.216.8.72/32",
  "63.33.109.123/32",
  "2a05:d028:17:8000::/56",
];
