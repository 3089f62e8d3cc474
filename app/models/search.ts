// Text matching that gives the same answer on SQLite and PostgreSQL. The engines disagree on case
// (SQLite's LIKE folds ASCII only, PostgreSQL's not at all; lower() depends on the collation) and know
// nothing of full-/half-width forms, so the app folds the text itself, stores it (users.search_text)
// and matches it with a LIKE whose own wildcards are escaped: a byte-wise substring test on both.

/** NFKC (full-width Ｈａｎａ → Hana, half-width ｶﾀｶﾅ → カタカナ) then lower-case; Japanese otherwise as typed. */
export function foldForSearch(s: string): string {
  return s.normalize("NFKC").toLowerCase();
}

/** users.search_text: the folded display name and e-mail (one line each, so a term cannot span both). */
export function searchTextOf(displayName: string, email: string | null): string {
  return foldForSearch(`${displayName}\n${email ?? ""}`);
}

/** A LIKE pattern (with ESCAPE '\') matching the folded term anywhere; %, _ and \ in it match themselves. */
export function containsPattern(term: string): string {
  return `%${foldForSearch(term).replace(/[\\%_]/g, "\\$&")}%`;
}
