import type { Role } from "@/app/lib/session/types";

export interface NavItem {
  href: string;
  label: string;
  icon: "milestones" | "members" | "audit" | "sync";
  /** Who sees it: everyone, or org admins only. */
  adminOnly: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/milestones", label: "Milestones", icon: "milestones", adminOnly: false },
  { href: "/members", label: "Members", icon: "members", adminOnly: true },
  { href: "/audit", label: "Audit log", icon: "audit", adminOnly: true },
  { href: "/sync", label: "Sync health", icon: "sync", adminOnly: true },
];

/** Only what the role may use: admin pages for org admins, milestones for everyone. */
export function navItemsFor(role: Role | null): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.adminOnly || role === "admin");
}
