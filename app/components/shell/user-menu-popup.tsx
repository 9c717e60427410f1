"use client";

import { LogOutIcon } from "lucide-react";
import { useTransition } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/app/components/ui/dropdown-menu";
import type { PopupTrigger } from "@/app/components/ui/lazy-popup";
import { signOut } from "@/app/lib/session/actions";

/** The user menu's popup (loaded on first use by `LocalUserMenu`). */
export function UserMenuPopup({
  name,
  email,
  trigger,
  defaultOpen,
}: {
  name: string;
  email: string;
  trigger: PopupTrigger;
  defaultOpen?: boolean;
}) {
  const [pending, startTransition] = useTransition();
  return (
    <DropdownMenu defaultOpen={defaultOpen ?? false}>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-56">
        <DropdownMenuLabel className="grid gap-0.5">
          <span className="truncate">{name}</span>
          <span className="truncate text-xs font-normal text-muted-foreground">{email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem disabled={pending} onSelect={() => startTransition(() => signOut())}>
          <LogOutIcon aria-hidden /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
