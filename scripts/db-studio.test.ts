import { describe, expect, it } from "vitest";
import { studioUrl } from "./db-studio";

describe("db:studio", () => {
  it("gives Prisma Studio an absolute file:/// URL for SQLite, any other URL unchanged", () => {
    expect(studioUrl("file:./data/dev.db", "/srv/app")).toBe("file:///srv/app/data/dev.db");
    expect(studioUrl("file:/var/db/app.db", "/srv/app")).toBe("file:///var/db/app.db");
    expect(studioUrl("file:./data/with space.db", "/srv/app")).toBe("file:///srv/app/data/with%20space.db");
    expect(studioUrl("postgresql://u@h:5432/db")).toBe("postgresql://u@h:5432/db");
  });
});
