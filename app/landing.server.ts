import { countUsers } from "~/models/user.server";

export async function landingData() {
  return { memberCount: await countUsers() };
}
