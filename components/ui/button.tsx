import { clsx } from "clsx";
import type { ComponentProps } from "react";

const VARIANTS = {
  primary: "bg-brand text-white hover:bg-brand-dark disabled:bg-gray-400",
  secondary: "border border-gray-300 bg-white text-gray-800 hover:bg-gray-50 disabled:text-gray-400",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-gray-400",
  link: "text-brand underline-offset-2 hover:underline disabled:text-gray-400",
} as const;

export type ButtonProps = ComponentProps<"button"> & { variant?: keyof typeof VARIANTS };

export function Button({ variant = "primary", className, type = "button", ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={clsx(
        "inline-flex items-center justify-center gap-1.5 rounded text-sm font-medium disabled:cursor-not-allowed",
        variant !== "link" && "px-4 py-2",
        VARIANTS[variant],
        className,
      )}
      {...props}
    />
  );
}
