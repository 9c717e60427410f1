"use client";

import { lazy } from "react";
import { Avatar } from "@/app/components/ui/avatar";
import { Button } from "@/app/components/ui/button";
import { LazyPopup } from "@/app/components/ui/lazy-popup";

const load = () => import("./user-menu-popup");
const UserMenuPopup = lazy(() => load().then((m) => ({ default: m.UserMenuPopup })));

/** Local mode's user menu: who is signed in, and sign-out (menu loads on use). */
export function LocalUserMenu({
  name,
  email,
  imageUrl,
}: {
  name: string;
  email: string;
  imageUrl?: string | undefined;
}) {
  return (
    <LazyPopup
      load={load}
      popup={UserMenuPopup}
      props={{ name, email }}
      trigger={
        <Button
          variant="ghost"
          size="icon"
          aria-label={`Account: ${name}`}
          className="rounded-full"
        >
          <Avatar name={name} src={imageUrl ?? null} />
        </Button>
      }
    />
  );
}
