import type { InstallCommand } from "@/lib/packages/present";
import { CopyButton } from "./copy-button";

type Props = { packageId: string; commands: InstallCommand[]; prerelease: boolean };

/** The commands that install the shown version from this gallery, each with a copy button. */
export function InstallCommands({ packageId, commands, prerelease }: Props) {
  return (
    <section aria-labelledby="install-heading" className="space-y-3">
      <h2 id="install-heading" className="text-xl font-semibold">
        Install
      </h2>
      <ul className="space-y-3">
        {commands.map(({ tool, command }) => (
          <li key={tool}>
            <p className="mb-1 text-sm font-medium text-gray-800">{tool}</p>
            <div className="flex items-start gap-2">
              <code className="min-w-0 flex-1 rounded border border-gray-200 bg-gray-100 px-3 py-2 font-mono text-sm break-all text-gray-900">
                {command}
              </code>
              <CopyButton text={command} label={`Copy the ${tool} command`} />
            </div>
          </li>
        ))}
      </ul>
      {prerelease && (
        <p className="text-sm text-gray-700">
          This is a prerelease version. To take the newest prerelease rather than this one, use{" "}
          <code className="rounded bg-gray-100 px-1 break-all">dotnet add package {packageId} --prerelease</code> or{" "}
          <code className="rounded bg-gray-100 px-1 break-all">nuget install {packageId} -Prerelease</code>.
        </p>
      )}
    </section>
  );
}
