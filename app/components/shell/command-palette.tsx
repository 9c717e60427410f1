"use client";

/**
 * The command palette (cmdk, loaded on first use by CommandPaletteLauncher): jump to a
 * milestone by title (a debounced search through the API, scoped as the viewer), go to any
 * page the viewer may see, "New milestone", switch organization, switch theme. cmdk renders
 * the WAI-ARIA combobox: the input is a `combobox` whose `aria-activedescendant` names the
 * highlighted `option` of the `listbox`; arrows move, Enter runs, Esc closes.
 */
import { Command } from "cmdk";
import {
  BuildingIcon,
  FileTextIcon,
  MonitorIcon,
  MoonIcon,
  PlusIcon,
  SunIcon,
  UserIcon,
} from "lucide-react";
import { useRouter } from "next/navigation";
import { useTheme } from "next-themes";
import { useEffect, useState, useTransition } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/app/components/ui/dialog";
import { toast } from "@/app/components/ui/toast";
import { searchMilestonesAction, type MilestoneHit } from "@/app/lib/milestones/search-actions";
import { switchOrganization } from "@/app/lib/session/actions";
import type { NavItem } from "./nav-items";
import type { OrgOption } from "./org-switcher-menu";

export interface PaletteProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCloseAutoFocus?: (event: Event) => void;
  /** The pages the viewer may see (navItemsFor). */
  pages: Pick<NavItem, "href" | "label">[];
  /** The viewer's organizations (the org switcher's list); empty hides the group. */
  orgs: OrgOption[];
  activeOrgId: string | null;
  /** Whether the viewer may create milestones in the active scope. */
  canCreate: boolean;
}

const SEARCH_DELAY_MS = 200;

const itemClass =
  "flex cursor-default select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground [&_svg]:size-4 [&_svg]:text-muted-foreground";
const groupClass =
  "overflow-hidden p-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1.5 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground";

/** The milestones whose title contains `query`, ~200 ms after the last keystroke. */
function useMilestoneSearch(query: string) {
  const [hits, setHits] = useState<{ query: string; items: MilestoneHit[] }>({
    query: "",
    items: [],
  });
  useEffect(() => {
    const q = query.trim();
    if (q === "") return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void searchMilestonesAction(q).then((result) => {
        if (!cancelled) setHits({ query: q, items: result.ok ? result.hits : [] });
      });
    }, SEARCH_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query]);
  return query.trim() === "" || hits.query !== query.trim() ? [] : hits.items;
}

const ACTIVE = "aria-activedescendant";

/**
 * Keeps the combobox's (and the listbox's) `aria-activedescendant` on the highlighted option.
 * cmdk 1.1 computes it one step late (from the DOM before the new selection has rendered), so
 * it is missing or names the previous option after a search or when results arrive; this
 * follows the option cmdk marks `aria-selected`, which is always current.
 */
function useActiveDescendant(element: HTMLDivElement | null) {
  useEffect(() => {
    if (!element) return;
    const sync = () => {
      const selected = element.querySelector('[cmdk-item][aria-selected="true"]');
      const id = selected?.id ?? "";
      for (const target of element.querySelectorAll("[cmdk-input], [cmdk-list]")) {
        if (id === "") {
          if (target.hasAttribute(ACTIVE)) target.removeAttribute(ACTIVE);
        } else if (target.getAttribute(ACTIVE) !== id) target.setAttribute(ACTIVE, id);
      }
    };
    const observer = new MutationObserver(sync);
    observer.observe(element, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["aria-selected", ACTIVE],
    });
    sync();
    return () => observer.disconnect();
  }, [element]);
}

export default function CommandPalette({
  open,
  onOpenChange,
  onCloseAutoFocus,
  pages,
  orgs,
  activeOrgId,
  canCreate,
}: PaletteProps) {
  const router = useRouter();
  const { setTheme } = useTheme();
  const [query, setQuery] = useState("");
  const [, startTransition] = useTransition();
  const hits = useMilestoneSearch(query);
  // A callback ref: the dialog mounts its content after this component renders.
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  useActiveDescendant(root);

  const run = (action: () => void) => {
    onOpenChange(false);
    setQuery("");
    action();
  };
  const go = (href: string) => run(() => router.push(href));
  const switchTo = (orgId: string | null) =>
    run(() =>
      startTransition(async () => {
        const result = await switchOrganization(orgId);
        if (result?.error) toast.error(result.error);
      }),
    );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        className="overflow-hidden p-0 sm:max-w-xl [&>button:last-child]:hidden"
        onCloseAutoFocus={onCloseAutoFocus}
      >
        <DialogTitle className="sr-only">Command palette</DialogTitle>
        <DialogDescription className="sr-only">
          Search milestones, pages and commands; arrows to move, Enter to run.
        </DialogDescription>
        <Command ref={setRoot} label="Command palette" loop className="flex flex-col">
          <Command.Input
            value={query}
            onValueChange={setQuery}
            placeholder="Search milestones, pages, commands…"
            className="h-12 border-b bg-transparent px-4 text-sm outline-none placeholder:text-muted-foreground"
          />
          <Command.List label="Commands" className="max-h-80 overflow-y-auto p-1">
            <Command.Empty className="py-6 text-center text-sm text-muted-foreground">
              No results.
            </Command.Empty>
            {hits.length > 0 ? (
              <Command.Group heading="Milestones" className={groupClass}>
                {hits.map((hit) => (
                  <Command.Item
                    key={hit.id}
                    value={`milestone ${hit.id} ${hit.title}`}
                    // The API matched the title: keep it whatever cmdk's own scoring says.
                    keywords={[query]}
                    onSelect={() => go(`/milestones/${encodeURIComponent(hit.id)}`)}
                    className={itemClass}
                  >
                    <FileTextIcon aria-hidden />
                    <span className="truncate">{hit.title}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            ) : null}
            <Command.Group heading="Go to" className={groupClass}>
              {pages.map((page) => (
                <Command.Item
                  key={page.href}
                  value={`page ${page.label}`}
                  keywords={["go", "page"]}
                  onSelect={() => go(page.href)}
                  className={itemClass}
                >
                  <span>Go to {page.label}</span>
                </Command.Item>
              ))}
            </Command.Group>
            {canCreate ? (
              <Command.Group heading="Actions" className={groupClass}>
                <Command.Item
                  value="new milestone"
                  keywords={["create", "add"]}
                  onSelect={() => go("/milestones?new=1")}
                  className={itemClass}
                >
                  <PlusIcon aria-hidden />
                  New milestone
                </Command.Item>
              </Command.Group>
            ) : null}
            {orgs.length > 0 ? (
              <Command.Group heading="Switch organization" className={groupClass}>
                {orgs.map((org) => (
                  <Command.Item
                    key={org.orgId}
                    value={`organization ${org.orgId} ${org.orgName}`}
                    keywords={["switch", "organization"]}
                    disabled={org.orgId === activeOrgId}
                    onSelect={() => switchTo(org.orgId)}
                    className={itemClass}
                  >
                    <BuildingIcon aria-hidden />
                    Switch to {org.orgName}
                  </Command.Item>
                ))}
                <Command.Item
                  value="organization personal"
                  keywords={["switch", "personal"]}
                  disabled={activeOrgId === null}
                  onSelect={() => switchTo(null)}
                  className={itemClass}
                >
                  <UserIcon aria-hidden />
                  Switch to Personal
                </Command.Item>
              </Command.Group>
            ) : null}
            <Command.Group heading="Theme" className={groupClass}>
              {(
                [
                  ["light", "Light", SunIcon],
                  ["dark", "Dark", MoonIcon],
                  ["system", "System", MonitorIcon],
                ] as const
              ).map(([value, label, Icon]) => (
                <Command.Item
                  key={value}
                  value={`theme ${value}`}
                  keywords={["theme", "appearance"]}
                  onSelect={() => run(() => setTheme(value))}
                  className={itemClass}
                >
                  <Icon aria-hidden />
                  {label} theme
                </Command.Item>
              ))}
            </Command.Group>
          </Command.List>
        </Command>
      </DialogContent>
    </Dialog>
  );
}
