import { clsx } from "clsx";
import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";

type Props = {
  label: ReactNode;
  id: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Marked with an asterisk, and aria-required on the control. */
  required?: boolean;
};

/** A labelled control whose error is announced and tied to it with aria-describedby. */
export function Field({ label, id, error, hint, children, className, required }: Props) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const control = Children.only(children);
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-gray-800">
        {label}
        {required && (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        )}
      </label>
      {isValidElement(control)
        ? cloneElement(control as ReactElement<Record<string, unknown>>, {
            "aria-invalid": error ? true : undefined,
            "aria-required": required || undefined,
            "aria-describedby": describedBy,
            className: clsx(
              "block w-full rounded border px-3 py-2 text-sm shadow-sm",
              error ? "border-red-600" : "border-gray-300",
              (control.props as { className?: string }).className,
            ),
          })
        : control}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-gray-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
