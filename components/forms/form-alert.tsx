/** A message about the whole form, announced when it appears. */
export function FormAlert({ message, className }: { message?: string; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={className ?? "rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800"}>
      {message}
    </p>
  );
}
