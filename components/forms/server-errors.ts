import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import type { FieldErrors } from "@/lib/result";

/** Puts a refused action's messages beside the fields they name; the rest go to the form as a whole. */
export function showServerErrors<T extends FieldValues, V extends FieldValues>(
  form: UseFormReturn<T, unknown, V>,
  failure: { error: string; fieldErrors?: FieldErrors },
): void {
  const values = form.getValues();
  let shown = false;
  for (const [field, messages] of Object.entries(failure.fieldErrors ?? {})) {
    const message = messages?.[0];
    if (!message) continue;
    form.setError(field in values ? (field as Path<T>) : "root", { message });
    shown = true;
  }
  if (!shown) form.setError("root", { message: failure.error });
}
