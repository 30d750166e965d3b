/** The signed-in user as pages and actions see them. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  username: string;
  /** False until the address is confirmed from the mailed link: no keys, no pushes until then. */
  emailConfirmed: boolean;
  twoFactorEnabled: boolean;
  /** The server-side session this request signed in with (null outside a browser session). */
  sessionId: string | null;
  /** Whether that session signed in with a second factor. */
  sessionTwoFactor: boolean;
};
