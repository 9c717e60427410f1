"use client";

/**
 * A multi-select filter in a popover: a button that names the filter and how many values are
 * on, a list of checkbox options (with a count where one is known), and "Clear". The popover's
 * code loads on first use (`LazyPopup`).
 */
import { PlusCircleIcon } from "lucide-react";
import { lazy } from "react";
import { Badge } from "@/app/components/ui/badge";
import { Button } from "@/app/components/ui/button";
import { LazyPopup } from "@/app/components/ui/lazy-popup";
import type { FacetOption } from "./faceted-filter-popover";

export type { FacetOption };

const load = () => import("./faceted-filter-popover");
const FacetedFilterPopover = lazy(() => load().then((m) => ({ default: m.FacetedFilterPopover })));

export function FacetedFilter({
  title,
  options,
  selected,
  onChange,
  searchable = false,
}: {
  title: string;
  options: FacetOption[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  searchable?: boolean;
}) {
  const chosen = new Set(selected);
  const selectedLabels = options.filter((option) => chosen.has(option.value));
  return (
    <LazyPopup
      load={load}
      popup={FacetedFilterPopover}
      haspopup="dialog"
      props={{ title, options, selected, onChange, searchable }}
      trigger={
        <Button
          variant="outline"
          size="sm"
          className="h-8 border-dashed"
          aria-label={`Filter by ${title.toLowerCase()}${selected.length > 0 ? ` (${selected.length} selected)` : ""}`}
        >
          <PlusCircleIcon aria-hidden />
          {title}
          {selected.length > 0 ? (
            <>
              <span aria-hidden className="mx-1 h-4 w-px bg-border" />
              {selectedLabels.length > 2 ? (
                <Badge variant="secondary" className="rounded-sm px-1 font-normal">
                  {selected.length} selected
                </Badge>
              ) : (
                selectedLabels.map((option) => (
                  <Badge
                    key={option.value}
                    variant="secondary"
                    className="rounded-sm px-1 font-normal"
                  >
                    {option.label}
                  </Badge>
                ))
              )}
            </>
          ) : null}
        </Button>
      }
    />
  );
}
