/** E-mails are stored trimmed and lower-cased, so one address is one member whatever its spelling. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
