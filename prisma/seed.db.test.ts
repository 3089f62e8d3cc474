import { expect, it } from "vitest";
import { describeEachEngine } from "~test/engines";
import { seed, SEED_USERS } from "./seed";

describeEachEngine("seed", (t) => {
  it("creates a few members and one admin, and is idempotent", async () => {
    await seed();
    await seed();
    const users = await t().db.user.findMany({ orderBy: { email: "asc" } });
    expect(users).toHaveLength(SEED_USERS.length);
    expect(users.filter((u) => u.role === "admin").map((u) => u.email)).toEqual(["admin@example.com"]);
    expect(users.every((u) => u.avatarUrl.startsWith("/avatars/"))).toBe(true);
  });
});
