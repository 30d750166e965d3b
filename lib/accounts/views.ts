import type { ChangeEmailInput, ChangePasswordInput, DeleteAccountInput } from "@/lib/auth/schemas";
import type { Result } from "@/lib/result";

/** A signed-in browser as the sessions list shows it. */
export type SessionView = {
  id: string;
  /** The browser and system, e.g. "Chrome 142 on Linux". */
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  twoFactor: boolean;
  /** The session of the browser looking at the list. */
  current: boolean;
};

/** The settings page's server actions, handed to its components as props. */
export type AccountSettingsActions = {
  changePassword: (input: ChangePasswordInput) => Promise<Result<{ signedOut: number }>>;
  changeEmail: (input: ChangeEmailInput) => Promise<Result>;
  resendConfirmation: (input: Record<string, never>) => Promise<Result>;
  endSession: (input: { sessionId: string }) => Promise<Result<{ current: boolean }>>;
  signOutEverywhere: (input: Record<string, never>) => Promise<Result<{ ended: number }>>;
  deleteAccount: (input: DeleteAccountInput) => Promise<Result>;
};
