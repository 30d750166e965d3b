"use client";

import { globMatches, validateGlob } from "@/lib/keys/glob";

type Props = {
  idPrefix: string;
  packages: string[] | null;
  chosen: string[];
  glob: string;
  onToggle: (packageId: string, checked: boolean) => void;
  error?: string;
};

/** The chosen ids with one ticked or unticked; ids compare without case, as NuGet's do. */
export function togglePackage(chosen: string[], packageId: string, checked: boolean): string[] {
  const rest = chosen.filter((p) => p.toLowerCase() !== packageId.toLowerCase());
  return checked ? [...rest, packageId] : rest;
}

/** The owner's packages as checkboxes; those the glob covers show as chosen and cannot be unticked. */
export function PackagePicker({ idPrefix, packages: loaded, chosen, glob, onToggle, error }: Props) {
  const packages = loaded ?? [];
  const chosenKeys = new Set(chosen.map((p) => p.toLowerCase()));
  const globOk = glob.trim() !== "" && validateGlob(glob.trim()).ok;
  const covered = (id: string) => globOk && globMatches(glob.trim(), id);
  const selected = packages.filter((p) => chosenKeys.has(p.toLowerCase()) || covered(p)).length;
  const errorId = `${idPrefix}-packages-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend className="mb-1 text-sm font-medium text-gray-800">Packages</legend>
      <p aria-live="polite" className="mb-2 text-xs text-gray-600" id={`${idPrefix}-counter`}>
        {selected} of {packages.length} packages selected
      </p>
      {loaded === null ? (
        <p className="text-sm text-gray-600">Loading packages…</p>
      ) : packages.length === 0 ? (
        <p className="text-sm text-gray-600">
          This owner has no packages yet; use a glob pattern to cover future ones.
        </p>
      ) : (
        <ul className="max-h-56 space-y-1 overflow-y-auto rounded border border-gray-200 bg-white p-2">
          {packages.map((id) => {
            const byGlob = covered(id);
            return (
              <li key={id}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={byGlob || chosenKeys.has(id.toLowerCase())}
                    disabled={byGlob}
                    onChange={(e) => onToggle(id, e.target.checked)}
                  />
                  <span className={byGlob ? "text-gray-600" : undefined}>{id}</span>
                  {byGlob && <span className="text-xs text-gray-600">(matches the glob pattern)</span>}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
