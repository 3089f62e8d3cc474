// Direct reads of the app's PostgreSQL database, so journeys assert what is stored, not only what the
// page says. Plain SQL on the mapped table names (prisma/postgresql/schema.prisma), no app code.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { databaseUrl } from "./mode";

/** The addresses uniqueEmail() makes up (see e2e/fixtures.ts), as a PostgreSQL regular expression. */
export const TEST_EMAIL_PATTERN = "^e2e-[a-z]+-[0-9]+[0-9a-f]{8}@([a-z]+[.])?example([.]com)?$";

export interface UserRow {
  id: string;
  display_name: string;
  avatar_url: string;
  role: string;
  email: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SessionRow {
  id: string;
  user_id: string;
  session_token: string;
  expires: Date;
}

export interface InviteRow {
  identifier: string;
  token: string;
  expires: Date;
}

export class E2eDb {
  readonly pool: pg.Pool;

  constructor(url = databaseUrl()) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on("error", () => {});
  }

  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  /**
   * A member as the previous app's import leaves them: a users row without a Google account (so the
   * admin list offers a claim link). search_text is written as the app writes it (NFKC + lower-case).
   * Give it an address from uniqueEmail(): staging runs delete those users afterwards.
   */
  async insertMember(o: { displayName: string; email: string; avatarUrl?: string }): Promise<string> {
    const id = `e2e${randomBytes(8).toString("hex")}`;
    const searchText = `${o.displayName}\n${o.email}`.normalize("NFKC").toLowerCase();
    await this.query("insert into users (id, display_name, avatar_url, role, email, search_text, updated_at) values ($1, $2, $3, 'member', $4, $5, now())", [
      id,
      o.displayName,
      o.avatarUrl ?? "/avatars/e2e.svg",
      o.email,
      searchText,
    ]);
    return id;
  }

  async userByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.query<UserRow>("select * from users where email = $1", [email.toLowerCase()]);
    return row;
  }

  async usersByEmail(email: string): Promise<UserRow[]> {
    return this.query<UserRow>("select * from users where lower(email) = lower($1)", [email]);
  }

  async sessionsOf(userId: string): Promise<SessionRow[]> {
    return this.query<SessionRow>("select * from sessions where user_id = $1 order by expires", [userId]);
  }

  async accountsOf(userId: string): Promise<{ provider: string; provider_account_id: string }[]> {
    return this.query("select provider, provider_account_id from accounts where user_id = $1", [userId]);
  }

  async invitesFor(email: string): Promise<InviteRow[]> {
    return this.query<InviteRow>("select * from verification_tokens where identifier = $1", [email.toLowerCase()]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
