// The loader and action of /settings (app/routes/settings.tsx): the signed-in member's own profile,
// data and account. Every POST is origin-checked and acts on the session's user only (no user id is
// taken from the form). Beside the route so the form rules never reach the browser bundle.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { generatedAvatarUrl } from "~/avatar.server";
import { authConfig } from "~/auth/config.server";
import { requireSameOrigin } from "~/auth/origin.server";
import { destroyUserSession, requireUser } from "~/auth/session.server";
import { parseDisplayName, sameDisplayName } from "~/models/display-name";
import { deleteOwnAccount, getAvatarSources, LastAdminError, updateProfile, type UserRecord } from "~/models/user.server";

export type AvatarChoice = "google" | "generated" | "current";

/**
 * The pictures a member can pick: Google's (known from their latest sign-in since users.google_avatar_url
 * exists; offered once known), a generated one (stable per member), and the current one when it is
 * neither (imported from the previous app, or Google's former picture).
 */
async function avatarOptions(user: UserRecord) {
  const sources = await getAvatarSources(user.id);
  const google = sources?.googleAvatarUrl ?? null;
  const generated = generatedAvatarUrl(`user:${user.id}`);
  const options: { value: AvatarChoice; url: string }[] = [];
  if (user.avatarUrl !== google && user.avatarUrl !== generated) options.push({ value: "current", url: user.avatarUrl });
  if (google) options.push({ value: "google", url: google });
  options.push({ value: "generated", url: generated });
  const selected: AvatarChoice = user.avatarUrl === google ? "google" : user.avatarUrl === generated ? "generated" : "current";
  return { options, selected, googleKnown: google !== null };
}

export async function settingsLoader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return {
    displayName: user.displayName,
    email: user.email,
    role: user.role,
    avatar: await avatarOptions(user),
    invitesOnly: authConfig().policy === "invite",
  };
}

export type SettingsResult =
  | { intent: "profile"; ok: true; message: string }
  | { intent: "profile"; ok: false; errors: { displayName?: string; avatar?: string }; values: { displayName: string } }
  | { intent: "delete"; ok: false; error: string; values: { confirmName: string } };

const intentSchema = z.enum(["profile", "delete"]);
const avatarSchema = z.enum(["google", "generated", "current"]);
const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

export async function settingsAction({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request, context);
  const form = await request.formData();
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) throw new Response("Bad Request", { status: 400 });

  if (intent.data === "profile") {
    const rawName = text(form.get("displayName")).slice(0, 1000);
    const name = parseDisplayName(rawName);
    const choice = avatarSchema.safeParse(form.get("avatar") ?? "current");
    const { options } = await avatarOptions(user);
    const picked = choice.success ? (choice.data === "current" ? { url: user.avatarUrl } : options.find((o) => o.value === choice.data)) : undefined;
    const errors = {
      ...(name.ok ? {} : { displayName: name.error }),
      ...(picked ? {} : { avatar: "選べない画像です。表示されている中から選んでください。" }),
    };
    if (!name.ok || !picked) return data<SettingsResult>({ intent: "profile", ok: false, errors, values: { displayName: rawName } }, { status: 400 });
    const res = await updateProfile(user.id, { displayName: name.value, avatarUrl: picked.url });
    if (!res) throw new Response("Not Found", { status: 404 });
    return data<SettingsResult>({ intent: "profile", ok: true, message: res.changed ? "プロフィールを保存しました。" : "変更はありません。" });
  }

  const confirmName = text(form.get("confirmName")).slice(0, 1000);
  const refuse = (error: string, status: number) => data<SettingsResult>({ intent: "delete", ok: false, error, values: { confirmName } }, { status });
  if (!sameDisplayName(confirmName, user.displayName)) return refuse("表示名が一致しません。確認のため、今の表示名をそのまま入力してください。", 400);
  try {
    await deleteOwnAccount(user.id);
  } catch (err) {
    if (err instanceof LastAdminError) {
      return refuse("あなたは最後の管理人のため、アカウントを削除できません。先に別のメンバーを管理人にしてください。", 409);
    }
    throw err;
  }
  // the session row went with the user; clear this browser's cookie too
  return redirect("/?done=account_deleted", { headers: { "Set-Cookie": await destroyUserSession(request), "Cache-Control": "no-store" } });
}
