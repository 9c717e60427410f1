"use client";

import {
  ActivityIcon,
  FlagIcon,
  LayoutDashboardIcon,
  ScrollTextIcon,
  UsersIcon,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/app/lib/utils";
import { LinkPendingIndicator } from "./link-pending";
import type { NavItem } from "./nav-items";

const ICONS = {
  overview: LayoutDashboardIcon,
  milestones: FlagIcon,
  members: UsersIcon,
  audit: ScrollTextIcon,
  sync: ActivityIcon,
} as const;

/**
 * The main navigation; the current page is marked with aria-current, a pending navigation
 * with a spinner in its link while it lasts.
 */
export function Nav({
  items,
  orientation,
}: {
  items: NavItem[];
  orientation: "vertical" | "horizontal";
}) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul
        className={cn(
          "flex gap-1",
          orientation === "vertical" ? "flex-col" : "flex-row overflow-x-auto",
        )}
      >
        {items.map((item) => {
          const Icon = ICONS[item.icon];
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/60",
                  current && "bg-accent text-accent-foreground",
                )}
              >
                <Icon className="size-4" aria-hidden />
                {item.label}
                <LinkPendingIndicator />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
