// The loader and action of /admin/users (app/routes/admin.users.tsx): admins only, every POST origin-checked.
// Beside the route, not in it, so the form schemas never reach the browser bundle.
// Role changes, session revocation and blocking take two POSTs: the first (no confirm field) changes
// nothing and answers what would happen; the page shows it with a form that sends the same fields with
// confirm=yes. That works without scripts (a page of its own) and with them (a <dialog>).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import type { ConfirmRequest } from "~/components/confirm-dialog";
import { expiryLabel } from "~/dates";
import { ROLE_LABEL } from "~/labels";
import { appOrigin } from "~/auth/config.server";
import { requireSameOrigin } from "~/auth/origin.server";
import { destroyUserSession, requireAdmin } from "~/auth/session.server";
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

const userId = z.string().min(1).max(64);
const confirm = z.literal("yes").optional();
const userAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), userId, role: roleSchema, confirm }),
  z.object({ intent: z.literal("revoke"), userId, confirm }),
  z.object({ intent: z.literal("claim"), userId }),
  z.object({ intent: z.literal("block"), userId, confirm }),
  z.object({ intent: z.literal("unblock"), userId }),
]);

const LAST_ADMIN = "管理人が一人もいなくなるため、この変更はできません。先に別のメンバーを管理人にしてください。";

export type AdminUsersResult =
  | { kind: "done"; message: string; link?: string; expires?: { date: string; remaining: string } }
  | { kind: "unchanged"; message: string }
  | { kind: "failed"; error: string }
  | { kind: "confirm"; request: ConfirmRequest };

const fail = (error: string, status = 400) => data<AdminUsersResult>({ kind: "failed", error }, { status });
const done = (message: string) => data<AdminUsersResult>({ kind: "done", message });
const unchanged = (message: string) => data<AdminUsersResult>({ kind: "unchanged", message: `変更はありません。${message}` });
const ask = (request: ConfirmRequest) => data<AdminUsersResult>({ kind: "confirm", request });

export async function adminUsersAction({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const admin = await requireAdmin(request, context);
  const parsed = userAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return fail("入力内容が正しくありません。");
  const input = parsed.data;
  const target = await getUserById(input.userId);
  if (!target) return fail("ユーザーが見つかりません。", 404);
  const self = target.id === admin.id;
  const name = target.displayName;

  if (input.intent === "role") {
    if (self && input.role !== "admin") return fail("自分自身の管理人権限は外せません。");
    if (target.role === input.role) return unchanged(`${name} さんはすでに「${ROLE_LABEL[input.role]}」です。`);
    if (!input.confirm) {
      return ask(
        input.role === "admin"
          ? {
              title: `${name} さんを管理人にしますか？`,
              body: ["管理人は、すべてのメンバーの権限の変更・ブロック・セッションの無効化と、招待や引き継ぎリンクの作成ができます。"],
              confirmLabel: "管理人にする",
              fields: { intent: "role", userId: target.id, role: "admin" },
            }
          : {
              title: `${name} さんをメンバーに戻しますか？`,
              body: [`${name} さんは管理ページを使えなくなります。`],
              confirmLabel: "メンバーに戻す",
              fields: { intent: "role", userId: target.id, role: "member" },
            },
      );
    }
    return lastAdminSafe(async () => {
      const res = await setUserRole(target.id, input.role);
      if (!res) return fail("ユーザーが見つかりません。", 404);
      return res.changed ? done(`${name} さんの権限を「${ROLE_LABEL[input.role]}」に変更しました。`) : unchanged(`${name} さんはすでに「${ROLE_LABEL[input.role]}」です。`);
    });
  }

  if (input.intent === "block" || input.intent === "unblock") {
    const block = input.intent === "block";
    if (self && block) return fail("自分自身はブロックできません。");
    if (block && target.blockedAt) return unchanged(`${name} さんはすでにブロック中です。`);
    if (!block && !target.blockedAt) return unchanged(`${name} さんはブロックされていません。`);
    if (block && !input.confirm) {
      return ask({
        title: `${name} さんをブロックしますか？`,
        body: [
          `${name} さんのログイン中のセッションはすべて終了し、ブロックを解除するまで、招待や引き継ぎリンクを使ってもログインできなくなります。`,
          "アカウントとプロフィールは残ります。いつでも解除できます。",
        ],
        confirmLabel: "ブロックする",
        fields: { intent: "block", userId: target.id },
        danger: true,
      });
    }
    return lastAdminSafe(async () => {
      const res = await setUserBlocked(target.id, block);
      if (!res) return fail("ユーザーが見つかりません。", 404);
      if (!res.changed) return unchanged(block ? `${name} さんはすでにブロック中です。` : `${name} さんはブロックされていません。`);
      return done(
        block
          ? `${name} さんをブロックしました。ログイン中のセッションはすべて終了し、ブロックを解除するまでログインできません。`
          : `${name} さんのブロックを解除しました。`,
      );
    });
  }

  if (input.intent === "claim") {
    if ((await usersWithAccountOf("google", [target.id])).size) return fail("このメンバーはすでに Google アカウントでログインしています。引き継ぎリンクは不要です。");
    const expires = new Date(Date.now() + CLAIM_DAYS * 86_400_000);
    const { secret } = await createClaimLink(target.id, expires);
    const link = `${appOrigin(request)}/login?${new URLSearchParams({ claim: secret })}`;
    return data<AdminUsersResult>({
      kind: "done",
      message: `${name} さんのプロフィール引き継ぎリンクを作成しました（以前のリンクは無効になりました）。`,
      link,
      expires: expiryLabel(expires),
    });
  }

  // revoke
  if (!input.confirm) {
    return ask(
      self
        ? {
            title: "自分のセッションをすべて無効化しますか？",
            body: ["この端末を含め、あなたがログインしているすべての端末でログアウトします。", "続けるとログイン画面に移動します。もう一度ログインすれば、引き続き使えます。"],
            confirmLabel: "無効化してログアウトする",
            fields: { intent: "revoke", userId: target.id },
            danger: true,
          }
        : {
            title: `${name} さんのセッションをすべて無効化しますか？`,
            body: [`${name} さんは、ログインしているすべての端末でログアウトします。アカウントはそのままで、もう一度ログインできます。`],
            confirmLabel: "無効化する",
            fields: { intent: "revoke", userId: target.id },
            danger: true,
          },
    );
  }
  const n = await deleteSessionsOfUser(target.id);
  if (self) {
    // this browser's session was among them: clear its cookie and say so on the sign-in page
    return redirect("/login?done=signed_out_everywhere", { headers: { "Set-Cookie": await destroyUserSession(request), "Cache-Control": "no-store" } });
  }
  return n === 0 ? unchanged(`${name} さんがログインしているセッションはありませんでした。`) : done(`${name} さんのセッションを ${n} 件無効化しました。`);
}

/** The last active admin cannot be demoted or blocked, also when another admin's change landed first. */
async function lastAdminSafe(change: () => Promise<ReturnType<typeof done>>) {
  try {
    return await change();
  } catch (err) {
    if (err instanceof LastAdminError) return fail(LAST_ADMIN, 409);
    throw err;
  }
}
