"use client";

/**
 * The Milestones table's menus (row "Actions for …" and "Columns"), loaded on first use through
 * `LazyPopup` so Radix's popper stack is not part of the page's first load.
 */
import { Trash2Icon } from "lucide-react";
import Link from "next/link";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/app/components/ui/dropdown-menu";
import type { PopupTrigger } from "@/app/components/ui/lazy-popup";

export function RowActionsMenu({
  href,
  editable,
  onDelete,
  trigger,
  defaultOpen,
}: {
  href: string;
  editable: boolean;
  onDelete: () => void;
  trigger: PopupTrigger;
  defaultOpen?: boolean;
}) {
  return (
    <DropdownMenu defaultOpen={defaultOpen ?? false}>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem asChild>
          <Link href={href}>{editable ? "Open and edit" : "Open"}</Link>
        </DropdownMenuItem>
        {editable ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem variant="destructive" onSelect={onDelete}>
              <Trash2Icon aria-hidden />
              Delete
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export function ColumnsMenu({
  columns,
  onToggle,
  trigger,
  defaultOpen,
}: {
  columns: { id: string; label: string; visible: boolean }[];
  onToggle: (id: string, visible: boolean) => void;
  trigger: PopupTrigger;
  defaultOpen?: boolean;
}) {
  return (
    <DropdownMenu defaultOpen={defaultOpen ?? false}>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Show columns</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {columns.map((column) => (
          <DropdownMenuCheckboxItem
            key={column.id}
            checked={column.visible}
            onCheckedChange={(value) => onToggle(column.id, value)}
            onSelect={(event) => event.preventDefault()}
          >
            {column.label}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
