// The loader and action of /admin/users (app/routes/admin.users.tsx): admins only, every POST origin-checked.
// Beside the route, not in it, so the form schemas never reach the browser bundle.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { appOrigin } from "~/auth/config.server";
import { requireSameOrigin } from "~/auth/origin.server";
import { requireAdmin } from "~/auth/session.server";
import { usersWithAccountOf } from "~/models/account.server";
import { CLAIM_DAYS, createClaimLink } from "~/models/claim.server";
import { deleteSessionsOfUser } from "~/models/session.server";
import { getUserById, LastAdminError, roleSchema, searchUsers, setUserBlocked, setUserRole, toPublicUser } from "~/models/user.server";

const MAX_QUERY = 100;

export async function adminUsersLoader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, MAX_QUERY);
  const users = await searchUsers(q);
  const linked = await usersWithAccountOf("google", users.map((u) => u.id));
  return {
    q,
    selfId: admin.id,
    users: users.map((u) => ({ ...toPublicUser(u), email: u.email, googleLinked: linked.has(u.id), blocked: u.blockedAt !== null })),
  };
}

const userAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), userId: z.string().min(1).max(64), role: roleSchema }),
  z.object({ intent: z.literal("revoke"), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("claim"), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("block"), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("unblock"), userId: z.string().min(1).max(64) }),
]);

const LAST_ADMIN = "管理人が一人もいなくなるため、この変更はできません。先に別のメンバーを管理人にしてください。";

type AdminActionResult = { ok: true; message: string; link?: string; expires?: string } | { ok: false; error: string };

const fail = (error: string, status = 400) => data<AdminActionResult>({ ok: false, error }, { status });
const done = (message: string) => data<AdminActionResult>({ ok: true, message });

export async function adminUsersAction({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const admin = await requireAdmin(request, context);
  const parsed = userAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return fail("入力内容が正しくありません。");
  const input = parsed.data;
  const target = await getUserById(input.userId);
  if (!target) return fail("ユーザーが見つかりません。", 404);
  if (input.intent === "role" || input.intent === "block" || input.intent === "unblock") {
    if (target.id === admin.id && input.intent === "role" && input.role !== "admin") return fail("自分自身の管理人権限は外せません。");
    if (target.id === admin.id && input.intent === "block") return fail("自分自身はブロックできません。");
    try {
      if (input.intent === "role") {
        await setUserRole(target.id, input.role);
        return done(`${target.displayName} さんの権限を「${input.role === "admin" ? "管理人" : "メンバー"}」に変更しました。`);
      }
      await setUserBlocked(target.id, input.intent === "block");
    } catch (err) {
      // another admin's change landed first (two admins demoting each other at once)
      if (err instanceof LastAdminError) return fail(LAST_ADMIN, 409);
      throw err;
    }
    return done(
      input.intent === "block"
        ? `${target.displayName} さんをブロックしました。ログイン中のセッションはすべて終了し、ブロックを解除するまでログインできません。`
        : `${target.displayName} さんのブロックを解除しました。`,
    );
  }
  if (input.intent === "claim") {
    if ((await usersWithAccountOf("google", [target.id])).size) return fail("このメンバーはすでに Google アカウントでログインしています。引き継ぎリンクは不要です。");
    const expires = new Date(Date.now() + CLAIM_DAYS * 86_400_000);
    const { secret } = await createClaimLink(target.id, expires);
    const link = `${appOrigin(request)}/login?${new URLSearchParams({ claim: secret })}`;
    return data<AdminActionResult>({
      ok: true,
      message: `${target.displayName} さんのプロフィール引き継ぎリンクを作成しました（以前のリンクは無効になりました）。`,
      link,
      expires: expires.toISOString(),
    });
  }
  const n = await deleteSessionsOfUser(target.id);
  return done(`${target.displayName} さんのセッションを ${n} 件無効化しました。`);
}
