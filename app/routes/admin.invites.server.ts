// The loader and action of /admin/invites (app/routes/admin.invites.tsx): admins only, every POST origin-checked.
// Beside the route, not in it, so the form schemas never reach the browser bundle.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { appOrigin } from "~/auth/config.server";
import { requireSameOrigin } from "~/auth/origin.server";
import { requireAdmin } from "~/auth/session.server";
import { createInvite, listInvites, revokeInvite } from "~/models/invite.server";
import { getUserByEmail } from "~/models/user.server";

export async function adminInvitesLoader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const now = Date.now();
  const invites = await listInvites();
  return { invites: invites.map((i) => ({ ...i, expired: i.expires.getTime() <= now })) };
}

const inviteAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    email: z.email().max(320),
    expiresInDays: z.coerce.number().int().min(1).max(90).default(7),
  }),
  z.object({ intent: z.literal("revoke"), email: z.string().min(1).max(320), tokenHash: z.string().regex(/^[0-9a-f]{64}$/) }),
]);

type InviteActionResult = { ok: true; message: string; link?: string } | { ok: false; error: string };

export async function adminInvitesAction({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  await requireAdmin(request, context);
  const form = Object.fromEntries(await request.formData());
  const parsed = inviteAction.safeParse({ ...form, expiresInDays: form.expiresInDays || undefined });
  const failure = (error: string, status = 400) => data<InviteActionResult>({ ok: false, error }, { status });
  if (!parsed.success) {
    return failure(form.intent === "create" ? "メールアドレスと有効期限（1〜90 日）を確認してください。" : "入力内容が正しくありません。");
  }
  const input = parsed.data;
  if (input.intent === "create") {
    if (await getUserByEmail(input.email)) return failure("このメールアドレスの方はすでにメンバーです。");
    const expires = new Date(Date.now() + input.expiresInDays * 86_400_000);
    const { invite, secret } = await createInvite(input.email, expires);
    const link = `${appOrigin(request)}/login?${new URLSearchParams({ invite: secret })}`;
    return data<InviteActionResult>({ ok: true, message: `${invite.email} さんへの招待を作成しました。`, link });
  }
  const removed = await revokeInvite(input.email, input.tokenHash);
  return removed ? data<InviteActionResult>({ ok: true, message: "招待を取り消しました。" }) : failure("招待が見つかりません。", 404);
}
