import { describe, expect, it } from "vitest";
import { scrub } from "./cli";

describe("scrub", () => {
  it("hides a password wherever a message repeats it, encoded or not", () => {
    const url = "postgresql://app:s3cr%21t-pw@db.internal:5432/suzumina";
    expect(scrub("auth failed: s3cr!t-pw and s3cr%21t-pw", [url])).toBe("auth failed: *** and ***");
    expect(scrub("regex chars: a.b*c(d)+", ["postgresql://u:a.b*c(d)+@h/db"])).toBe("regex chars: ***");
  });

  it("does not mangle the words a common-word password is part of", () => {
    const url = "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
    expect(scrub("cannot connect to postgresql://postgres:***@127.0.0.1:5432/postgres: password postgres rejected", [url])).toBe(
      "cannot connect to postgresql://***:***@127.0.0.1:5432/***: password *** rejected",
    );
  });

  it("leaves text alone for URLs without a password, and ignores very short ones", () => {
    expect(scrub("file:/data/app.db is locked", ["file:/data/app.db", undefined])).toBe("file:/data/app.db is locked");
    expect(scrub("a b c", ["postgresql://u:abc@h/db"])).toBe("a b c");
  });
});
