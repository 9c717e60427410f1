"use client";

/**
 * A multi-select filter in a popover: a button that names the filter and how many values are
 * on, a list of checkbox options (with a count where one is known), and "Clear".
 */
import type * as React from "react";
import { useId, useState } from "react";
import type { PopupTrigger } from "@/app/components/ui/lazy-popup";
import { Popover, PopoverContent, PopoverTrigger } from "@/app/components/ui/popover";

export interface FacetOption {
  value: string;
  label: string;
  icon?: React.ReactNode;
  count?: number;
}

/** The filter's popover (loaded on first use by `FacetedFilter`). */
export function FacetedFilterPopover({
  title,
  options,
  selected,
  onChange,
  searchable = false,
  trigger,
  defaultOpen,
}: {
  title: string;
  options: FacetOption[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  searchable?: boolean;
  trigger: PopupTrigger;
  defaultOpen?: boolean;
}) {
  const [query, setQuery] = useState("");
  const listId = useId();
  const chosen = new Set(selected);
  const shown = query
    ? options.filter((option) => option.label.toLowerCase().includes(query.toLowerCase()))
    : options;
  const toggle = (value: string) => {
    const next = new Set(chosen);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    onChange(options.map((option) => option.value).filter((option) => next.has(option)));
  };
  return (
    <Popover defaultOpen={defaultOpen ?? false}>
      <PopoverTrigger asChild>{trigger}</PopoverTrigger>
      <PopoverContent
        className="w-60 p-1"
        align="start"
        aria-label={`Filter by ${title.toLowerCase()}`}
      >
        {searchable ? (
          <input
            type="search"
            aria-label={`Find ${title.toLowerCase()}`}
            aria-controls={listId}
            placeholder={`Find ${title.toLowerCase()}…`}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className="mb-1 h-8 w-full rounded-sm border-b bg-transparent px-2 text-sm outline-none"
          />
        ) : null}
        <ul id={listId} aria-label={title} className="max-h-72 overflow-y-auto">
          {shown.length === 0 ? (
            <li className="px-2 py-4 text-center text-sm text-muted-foreground">No match</li>
          ) : null}
          {shown.map((option) => {
            const on = chosen.has(option.value);
            return (
              <li key={option.value}>
                <label className="flex w-full cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm hover:bg-accent has-[:focus-visible]:bg-accent">
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={() => toggle(option.value)}
                    className="size-4 shrink-0 accent-primary"
                  />
                  {option.icon}
                  <span className="flex-1 truncate">{option.label}</span>
                  {option.count !== undefined ? (
                    <span className="ml-auto font-mono text-xs text-muted-foreground">
                      {option.count}
                      <span className="sr-only"> on this page</span>
                    </span>
                  ) : null}
                </label>
              </li>
            );
          })}
        </ul>
        {selected.length > 0 ? (
          <div className="mt-1 border-t pt-1">
            <button
              type="button"
              onClick={() => onChange([])}
              className="w-full rounded-sm px-2 py-1.5 text-center text-sm outline-none hover:bg-accent focus-visible:bg-accent"
            >
              Clear filter
            </button>
          </div>
        ) : null}
      </PopoverContent>
    </Popover>
  );
}
