"use client";

/**
 * The milestone form's fields with their messages: title, description, status, due date.
 * Controlled by the caller, so typed input survives a failed save (a conflict, a denial).
 */
import type * as React from "react";
import { useId, useState } from "react";
import { Input } from "@/app/components/ui/input";
import { Label } from "@/app/components/ui/label";
import { Textarea } from "@/app/components/ui/textarea";
import type { FieldErrors, MilestoneField, MilestoneFormValues } from "@/app/lib/milestones/form";
import { MILESTONE_LIMITS } from "@/core/portable/milestone";
import { StatusSelect } from "./status";

function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm text-destructive">
      {message}
    </p>
  );
}

export function MilestoneFields({
  values,
  errors,
  onChange,
  onDateInput,
  disabled,
  autoFocus,
}: {
  values: MilestoneFormValues;
  errors: FieldErrors;
  onChange: (field: MilestoneField, value: string) => void;
  /**
   * Whether the date input holds something that is not a date: a browser's date input then
   * reports "" as its value and sets `validity.badInput` (a half-typed date).
   */
  onDateInput?: (badInput: boolean) => void;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const id = useId();
  const fieldId = (field: MilestoneField) => `${id}-${field}`;
  const errorId = (field: MilestoneField) => `${id}-${field}-error`;
  const a11y = (field: MilestoneField): React.AriaAttributes => ({
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? errorId(field) : undefined,
  });
  const descriptionLength = values.description.length;
  return (
    <div className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor={fieldId("title")}>Title</Label>
        <Input
          id={fieldId("title")}
          name="title"
          value={values.title}
          onChange={(event) => onChange("title", event.target.value)}
          disabled={disabled}
          autoFocus={autoFocus}
          autoComplete="off"
          {...a11y("title")}
        />
        <FieldMessage id={errorId("title")} message={errors.title} />
      </div>
      <div className="grid gap-2">
        <Label htmlFor={fieldId("description")}>Description</Label>
        <Textarea
          id={fieldId("description")}
          name="description"
          rows={5}
          value={values.description}
          onChange={(event) => onChange("description", event.target.value)}
          disabled={disabled}
          {...a11y("description")}
        />
        <p
          className={
            descriptionLength > MILESTONE_LIMITS.descriptionMax
              ? "text-xs text-destructive"
              : "text-xs text-muted-foreground"
          }
          aria-live="polite"
        >
          {descriptionLength.toLocaleString("en")} /{" "}
          {MILESTONE_LIMITS.descriptionMax.toLocaleString("en")} characters
        </p>
        <FieldMessage id={errorId("description")} message={errors.description} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-2">
          <Label htmlFor={fieldId("status")}>Status</Label>
          <StatusSelect
            id={fieldId("status")}
            name="status"
            className="h-9 w-full"
            value={values.status}
            onValueChange={(status) => onChange("status", status)}
            disabled={disabled}
            {...a11y("status")}
          />
          <FieldMessage id={errorId("status")} message={errors.status} />
        </div>
        <div className="grid gap-2">
          <Label htmlFor={fieldId("dueDate")}>Due date</Label>
          <Input
            id={fieldId("dueDate")}
            name="dueDate"
            type="date"
            value={values.dueDate}
            onChange={(event) => {
              onDateInput?.(event.target.validity.badInput);
              onChange("dueDate", event.target.value);
            }}
            onBlur={(event) => onDateInput?.(event.target.validity.badInput)}
            disabled={disabled}
            {...a11y("dueDate")}
          />
          <FieldMessage id={errorId("dueDate")} message={errors.dueDate} />
        </div>
      </div>
    </div>
  );
}

/** Form state: values, messages, and the date input's bad-input flag. */
export function useMilestoneFormState(initial: MilestoneFormValues) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [badDate, setBadDate] = useState(false);
  const onChange = (field: MilestoneField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    // A corrected field drops its message; the others keep theirs until the next submit.
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  };
  return { values, setValues, errors, setErrors, onChange, onDateInput: setBadDate, badDate };
}
