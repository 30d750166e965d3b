/** Key mails name the key and link to the page; they never hold a secret (SPEC 5.1). */
export type KeyMailKind = "created" | "deleted" | "revoked" | "expiring" | "expired";

export type KeyMailFacts = {
  keyName: string;
  ownerName: string;
  galleryUrl: string;
  /** False when GALLERY_URL is unset, so the link is a guess the mail must own up to. */
  galleryUrlConfigured?: boolean;
  expiresAt?: Date | null;
  actor?: string;
  reason?: string;
};

/** Subjects carry at most this much of a name a user typed; the body has it whole. */
export const SUBJECT_NAME_MAX = 60;

/** A user-typed name, flattened to one line and bounded, for a subject line. */
export function subjectName(name: string): string {
  const flat = name.replace(/\s+/g, " ").trim();
  return [...flat].length > SUBJECT_NAME_MAX ? `${[...flat].slice(0, SUBJECT_NAME_MAX - 1).join("")}…` : flat;
}

const DATE = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

export function keyMail(kind: KeyMailKind, facts: KeyMailFacts): { subject: string; text: string } {
  const page = `${facts.galleryUrl}/account/apikeys`;
  const key = `"${facts.keyName}" (package owner ${facts.ownerName})`;
  const name = subjectName(facts.keyName);
  const when = facts.expiresAt ? `${DATE.format(facts.expiresAt)} UTC` : "";
  const by = facts.actor ? ` by ${facts.actor}` : "";
  const why = facts.reason ? ` (${facts.reason})` : "";
  const bodies: Record<KeyMailKind, [string, string]> = {
    created: [
      `API key created: ${name}`,
      `The API key ${key} was created${by}.${when ? ` It expires on ${when}.` : ""}`,
    ],
    deleted: [`API key deleted: ${name}`, `The API key ${key} was deleted${by}. It no longer works.`],
    revoked: [`API key revoked: ${name}`, `The API key ${key} was revoked${by}${why}. It no longer works.`],
    expiring: [
      `API key expiring soon: ${name}`,
      `The API key ${key} expires on ${when}. Regenerate it to keep pushing.`,
    ],
    expired: [`API key expired: ${name}`, `The API key ${key} expired on ${when}. Regenerate it or delete it.`],
  };
  const [subject, body] = bodies[kind];
  const guessed =
    facts.galleryUrlConfigured === false
      ? "\n(The gallery's operator has not set its public address, GALLERY_URL, so this link may only work on the gallery's own machine.)"
      : "";
  return {
    subject,
    text: `${body}\n\nManage your API keys: ${page}${guessed}\n\nIf you did not expect this, review your keys and revoke any you do not recognise.\n`,
  };
}

/** The forgotten-password mail: the only place the link's token ever appears. */
export function passwordResetMail(link: string, minutes: number): { subject: string; text: string } {
  return {
    subject: "Reset your Package Gallery password",
    text:
      `Someone (we hope you) asked to reset the password of this account. Set a new one here within ${minutes} minutes:\n\n` +
      `${link}\n\nThe link works once. Setting a new password signs out every session of the account.\n` +
      `If you did not ask for this, ignore this mail: your password stays as it is.\n`,
  };
}

/** The mail that confirms an address: the only place its link's token appears. */
export function confirmEmailMail(link: string, hours: number, change: boolean): { subject: string; text: string } {
  return change
    ? {
        subject: "Confirm your new Package Gallery e-mail address",
        text:
          `Someone (we hope you) asked to use this address for a Package Gallery account. Confirm it within ${hours} hours:\n\n` +
          `${link}\n\nUntil you do, the account keeps its old address. If you did not ask for this, ignore this mail.\n`,
      }
    : {
        subject: "Confirm your Package Gallery account",
        text:
          `Welcome to the Package Gallery. Confirm this address within ${hours} hours to create API keys and push packages:\n\n` +
          `${link}\n\nThe link works once. If you did not sign up, ignore this mail and no account will be usable with it.\n`,
      };
}

/** Tells the old address that the account's address is changing, so its owner can react if it was not them. */
export function emailChangeNoticeMail(newEmail: string, done: boolean): { subject: string; text: string } {
  return {
    subject: done
      ? "Your Package Gallery e-mail address was changed"
      : "A change of your Package Gallery e-mail address",
    text: done
      ? `The e-mail address of your Package Gallery account is now ${newEmail}. Mails will go there from now on.\n\nIf this was not you, reset your password and contact the gallery's operator.\n`
      : `Someone signed in to your Package Gallery account asked to change its e-mail address to ${newEmail}. It changes once that address is confirmed.\n\nIf this was not you, change your password now: it signs out every session.\n`,
  };
}

/** Sent to an address someone tried to move an account to when it already belongs to an account. */
export function emailInUseMail(): { subject: string; text: string } {
  return {
    subject: "Someone tried to use your e-mail address",
    text: "Someone asked to use this address for another Package Gallery account. It already belongs to your account, so nothing changed.\n\nIf that was you, sign in to your account instead.\n",
  };
}

/**
 * An invitation into an organization. An account holder is sent to their invitations page; anyone else gets
 * the registration link, the only place its token ever appears.
 */
export function invitationMail(facts: {
  organization: string;
  inviter: string;
  role: "admin" | "collaborator";
  days: number;
  link: string;
  hasAccount: boolean;
}): { subject: string; text: string } {
  const role = facts.role === "admin" ? "an administrator" : "a collaborator";
  const how = facts.hasAccount
    ? `Sign in to accept or decline it:\n\n${facts.link}\n\nIf you have not confirmed this e-mail address yet, confirm it first.`
    : `You do not have an account with this address yet. Create one from this link to accept:\n\n${facts.link}\n\nThe link is yours alone: do not forward it.`;
  return {
    subject: `You are invited to join ${subjectName(facts.organization)} on the Package Gallery`,
    text:
      `${facts.inviter} invited you to join the organization ${facts.organization} as ${role}. Members push and manage its packages.\n\n` +
      `${how}\n\nThe invitation expires in ${facts.days} days. Nothing changes until you accept; if you did not expect it, ignore this mail.\n`,
  };
}

/** Tells the admin who sent an invitation that it was accepted. */
export function invitationAcceptedMail(facts: { member: string; organization: string; galleryUrl: string }): {
  subject: string;
  text: string;
} {
  return {
    subject: `${subjectName(facts.member)} joined ${subjectName(facts.organization)}`,
    text:
      `${facts.member} accepted your invitation and is now a member of ${facts.organization}.\n\n` +
      `Manage its members: ${facts.galleryUrl}/organizations/${encodeURIComponent(facts.organization)}\n`,
  };
}

/** Tells the account's address that its password was changed from the settings page. */
export function passwordChangedMail(signedOut: number): { subject: string; text: string } {
  const others =
    signedOut === 0
      ? "No other session was open."
      : `${signedOut} other session${signedOut === 1 ? " was" : "s were"} signed out.`;
  return {
    subject: "Your Package Gallery password was changed",
    text:
      `The password of your Package Gallery account was changed from its settings page. ${others}\n\n` +
      `If this was not you, reset your password now from the sign-in page and review your API keys.\n`,
  };
}

/** Confirms a deleted account to its last address. */
export function accountDeletedMail(username: string, packages: number): { subject: string; text: string } {
  const kept =
    packages === 0
      ? ""
      : `Its ${packages} package${packages === 1 ? " keeps its id" : "s keep their ids"}, and nobody can push to ${packages === 1 ? "it" : "them"} until the gallery's operator gives ${packages === 1 ? "it" : "them"} a new owner.\n`;
  return {
    subject: "Your Package Gallery account was deleted",
    text:
      `The Package Gallery account ${username} was deleted. Its API keys no longer work, it left its organizations, ` +
      `and every session of it has ended. The name ${username} stays reserved.\n${kept}\n` +
      `If this was not you, contact the gallery's operator.\n`,
  };
}

/** Told whenever two-factor sign-in is turned on or off, so an intruder's change does not go unnoticed. */
export function twoFactorChangedMail(on: boolean): { subject: string; text: string } {
  return on
    ? {
        subject: "Two-factor sign-in is on for your Package Gallery account",
        text:
          "Two-factor sign-in was turned on for this account. From now on, signing in asks for a code from your " +
          "authenticator app after the password.\nKeep your recovery codes somewhere safe: each one signs in once if " +
          "you lose the app.\nIf you did not do this, reset your password and review your account's sessions.\n",
      }
    : {
        subject: "Two-factor sign-in is off for your Package Gallery account",
        text:
          "Two-factor sign-in was turned off for this account, and its other sessions were signed out. Signing in " +
          "now needs only the password.\nIf you did not do this, reset your password at once and turn two-factor " +
          "sign-in on again.\n",
      };
}

/** Told when a recovery code signed in, with how many are left. */
export function recoveryCodeUsedMail(left: number): { subject: string; text: string } {
  return {
    subject: "A recovery code was used to sign in to your Package Gallery account",
    text:
      `Someone (we hope you) signed in to this account with a recovery code. ${left === 1 ? "1 code is" : `${left} codes are`} left.\n` +
      "Each code works once; replace them in your account settings when few are left.\n" +
      "If this was not you, reset your password and replace your recovery codes at once.\n",
  };
}

/** Told to members without two-factor when an organization starts requiring it. */
export function twoFactorRequiredMail(organization: string, settingsUrl: string): { subject: string; text: string } {
  return {
    subject: `${subjectName(organization)} requires two-factor sign-in`,
    text:
      `An administrator of ${organization} now requires two-factor sign-in for its members. Until you turn it on, ` +
      `you cannot create API keys for ${organization}; keys you already have keep working.\n\n` +
      `Turn it on in your account settings: ${settingsUrl}\n`,
  };
}
