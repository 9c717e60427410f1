"use client";

import { BuildingIcon, ChevronsUpDownIcon, UserIcon } from "lucide-react";
import { lazy } from "react";
import { Button } from "@/app/components/ui/button";
import { LazyPopup } from "@/app/components/ui/lazy-popup";
import type { OrgOption } from "./org-switcher-menu";

export type { OrgOption };

const load = () => import("./org-switcher-menu");
const OrgSwitcherMenu = lazy(() => load().then((m) => ({ default: m.OrgSwitcherMenu })));

/** Local mode's org switcher: the user's memberships and the personal scope (menu loads on use). */
export function LocalOrgSwitcher({
  options,
  activeOrgId,
  activeName,
}: {
  options: OrgOption[];
  activeOrgId: string | null;
  activeName: string;
}) {
  return (
    <LazyPopup
      load={load}
      popup={OrgSwitcherMenu}
      props={{ options, activeOrgId }}
      trigger={
        <Button
          variant="outline"
          aria-label="Switch organization"
          className="w-full max-w-56 justify-between"
        >
          <span className="flex min-w-0 items-center gap-2">
            {activeOrgId ? <BuildingIcon aria-hidden /> : <UserIcon aria-hidden />}
            <span className="truncate">{activeName}</span>
          </span>
          <ChevronsUpDownIcon className="opacity-60" aria-hidden />
        </Button>
      }
    />
  );
}
