/**
 * E-mails are stored NFKC-normalised, trimmed and lower-cased, so one address is one member whatever its
 * spelling: case, full-width letters typed through a Japanese IME, composed or decomposed accents.
 * Done here, not by the database, so both engines agree.
 */
export function normalizeEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}
