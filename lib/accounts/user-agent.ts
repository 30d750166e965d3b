import Bowser from "bowser";

export const UNKNOWN_DEVICE = "Unknown browser";

/** A person's name for the browser a session signed in from, e.g. "Chrome 142 on Linux". */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const ua = userAgent?.trim();
  if (!ua) return UNKNOWN_DEVICE;
  const { browser, os } = Bowser.parse(ua);
  const system = os.name === "Windows" && os.versionName ? `Windows ${os.versionName}` : os.name;
  if (!browser.name) {
    // A tool such as curl or the NuGet client names itself in its first word.
    const tool = ua.split(/\s/)[0]!.slice(0, 60);
    return system ? `${tool} on ${system}` : tool;
  }
  const major = browser.version?.split(".")[0];
  const name = major ? `${browser.name} ${major}` : browser.name;
  return system ? `${name} on ${system}` : name;
}
