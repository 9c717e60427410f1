"use client";

import { BuildingIcon, CheckIcon, UserIcon } from "lucide-react";
import { cloneElement, useTransition } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/app/components/ui/dropdown-menu";
import { toast } from "@/app/components/ui/toast";
import type { PopupTrigger } from "@/app/components/ui/lazy-popup";
import { switchOrganization } from "@/app/lib/session/actions";

export interface OrgOption {
  orgId: string;
  orgName: string;
  role: "admin" | "member";
}

/** The org switcher's menu (loaded on first use by `LocalOrgSwitcher`). */
export function OrgSwitcherMenu({
  options,
  activeOrgId,
  trigger,
  defaultOpen,
}: {
  options: OrgOption[];
  activeOrgId: string | null;
  trigger: PopupTrigger;
  defaultOpen?: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const choose = (orgId: string | null) =>
    startTransition(async () => {
      const result = await switchOrganization(orgId);
      if (result?.error) toast.error(result.error);
    });
  return (
    <DropdownMenu defaultOpen={defaultOpen ?? false}>
      <DropdownMenuTrigger asChild>
        {cloneElement(trigger, { disabled: pending })}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-60">
        <DropdownMenuLabel className="text-xs text-muted-foreground">
          Organizations
        </DropdownMenuLabel>
        {options.map((option) => (
          <DropdownMenuItem key={option.orgId} onSelect={() => choose(option.orgId)}>
            <BuildingIcon aria-hidden />
            <span className="flex-1 truncate">{option.orgName}</span>
            <span className="text-xs text-muted-foreground">{option.role}</span>
            {option.orgId === activeOrgId ? <CheckIcon aria-label="(active)" /> : null}
          </DropdownMenuItem>
        ))}
        {options.length === 0 ? (
          <p className="px-2 py-1.5 text-sm text-muted-foreground">No organizations</p>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => choose(null)}>
          <UserIcon aria-hidden />
          <span className="flex-1">Personal</span>
          {activeOrgId === null ? <CheckIcon aria-label="(active)" /> : null}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
