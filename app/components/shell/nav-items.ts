import { canAdmin, type AdminAction } from "@/core/portable/authorization";
import type { Caller } from "@/core/portable/caller";

export interface NavItem {
  href: string;
  label: string;
  icon: "overview" | "milestones" | "members" | "audit" | "sync";
  /** Who sees it: everyone, or those the admin action's permission allows (core's rule). */
  action: AdminAction | null;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/overview", label: "Overview", icon: "overview", action: null },
  { href: "/milestones", label: "Milestones", icon: "milestones", action: null },
  { href: "/members", label: "Members", icon: "members", action: "org.members" },
  { href: "/audit", label: "Audit log", icon: "audit", action: "org.auditLog" },
  { href: "/sync", label: "Sync health", icon: "sync", action: "org.syncEvents" },
];

/** Only what the caller may use: overview and milestones for everyone, each admin page by its permission. */
export function navItemsFor(caller: Caller): NavItem[] {
  return NAV_ITEMS.filter((item) => item.action === null || canAdmin(caller, item.action));
}
