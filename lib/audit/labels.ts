/** Audit events shown on one page of a trail. */
export const AUDIT_PER_PAGE = 50;

/** What each audit action reads as on the audit pages; the code stays in the data and in filter URLs. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "key.create": "Key created",
  "key.edit": "Key packages changed",
  "key.regenerate": "Key regenerated",
  "key.revoke": "Key revoked",
  "key.delete": "Key deleted",
  "key.expire": "Key expired",
  "key.leaked": "Key found leaked",
  "org.create": "Organization created",
  "member.add": "Member added",
  "member.role": "Member role changed",
  "member.remove": "Member removed",
  "member.leave": "Member left",
  "package.push": "Package push",
  "package.symbols": "Symbols push",
  "package.unlist": "Package unlist",
  "package.relist": "Package relist",
  "package.reassign": "Package given a new owner",
  "account.reset-requested": "Password reset asked for",
  "account.password-reset": "Password reset",
  "account.register": "Account registered",
  "account.confirmation-sent": "Confirmation mail sent",
  "account.email-confirmed": "E-mail address confirmed",
  "account.password-change": "Password changed",
  "account.email-change-requested": "E-mail change asked for",
  "account.email-changed": "E-mail address changed",
  "account.session-end": "Session signed out",
  "account.sessions-end": "Signed out everywhere",
  "account.delete": "Account deleted",
  "account.2fa-enable": "Two-factor sign-in turned on",
  "account.2fa-disable": "Two-factor sign-in turned off",
  "account.recovery-codes": "Recovery codes replaced",
  "account.recovery-used": "Recovery code used",
  "org.require-2fa": "Two-factor requirement changed",
  "invitation.create": "Member invited",
  "invitation.accept": "Invitation accepted",
  "invitation.decline": "Invitation declined",
  "invitation.cancel": "Invitation cancelled",
  "trustedpublishing.create": "Trusted Publishing policy created",
  "trustedpublishing.edit": "Trusted Publishing policy changed",
  "trustedpublishing.reactivate": "Trusted Publishing policy re-activated",
  "trustedpublishing.delete": "Trusted Publishing policy deleted",
  "trustedpublishing.exchange": "Trusted Publishing key issued",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
