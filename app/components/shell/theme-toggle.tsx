"use client";

import { MoonIcon, SunIcon } from "lucide-react";
import { lazy } from "react";
import { Button } from "@/app/components/ui/button";
import { LazyPopup } from "@/app/components/ui/lazy-popup";

const load = () => import("./theme-menu");
const ThemeMenu = lazy(() => load().then((m) => ({ default: m.ThemeMenu })));

/** The theme menu (light / dark / system); its code loads on first use. */
export function ThemeToggle() {
  return (
    <LazyPopup
      load={load}
      popup={ThemeMenu}
      props={{}}
      trigger={
        <Button variant="ghost" size="icon" aria-label="Theme">
          <SunIcon className="dark:hidden" aria-hidden />
          <MoonIcon className="hidden dark:block" aria-hidden />
        </Button>
      }
    />
  );
}
