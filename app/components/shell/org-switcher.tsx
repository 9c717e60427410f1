"use client";

import { BuildingIcon, CheckIcon, ChevronsUpDownIcon, UserIcon } from "lucide-react";
import { useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/app/components/ui/dropdown-menu";
import { toast } from "@/app/components/ui/toast";
import { switchOrganization } from "@/app/lib/session/actions";

export interface OrgOption {
  orgId: string;
  orgName: string;
  role: "admin" | "member";
}

/** Local mode's org switcher: the user's memberships and the personal scope. */
export function LocalOrgSwitcher({
  options,
  activeOrgId,
  activeName,
}: {
  options: OrgOption[];
  activeOrgId: string | null;
  activeName: string;
}) {
  const [pending, startTransition] = useTransition();
  const choose = (orgId: string | null) =>
    startTransition(async () => {
      const result = await switchOrganization(orgId);
      if (result?.error) toast.error(result.error);
    });
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="outline"
          aria-label="Switch organization"
          disabled={pending}
          className="w-full max-w-56 justify-between"
        >
          <span className="flex min-w-0 items-center gap-2">
            {activeOrgId ? <BuildingIcon aria-hidden /> : <UserIcon aria-hidden />}
            <span className="truncate">{activeName}</span>
          </span>
          <ChevronsUpDownIcon className="opacity-60" aria-hidden />
        </Button>
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
