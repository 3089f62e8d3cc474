// The loader and action of /admin/invites (app/routes/admin.invites.tsx): admins only, every POST origin-checked.
// Beside the route, not in it, so the form schemas never reach the browser bundle.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import type { ConfirmRequest } from "~/components/confirm-dialog";
import { expiryLabel } from "~/dates";
import { appOrigin, authConfig, type AccessPolicy } from "~/auth/config.server";
import { requireSameOrigin } from "~/auth/origin.server";
import { requireAdmin } from "~/auth/session.server";
import { createInvite, inviteExists, listInvites, revokeInvite } from "~/models/invite.server";
import { getUserByEmail } from "~/models/user.server";

/** The access policy as the page explains it: invitations only admit anyone under "invite". */
function policyInfo(): { policy: AccessPolicy; domains: string[]; invitesWork: boolean } {
  const { policy, allowedDomains } = authConfig();
  return { policy, domains: allowedDomains.map((d) => d.replace(/^consumer:/, "")), invitesWork: policy === "invite" };
}

export async function adminInvitesLoader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const now = Date.now();
  const invites = await listInvites();
  // expiry texts come from the server: "あと6日" depends on the clock and must hydrate unchanged
  return { policy: policyInfo(), invites: invites.map((i) => ({ email: i.email, tokenHash: i.tokenHash, ...expiryLabel(i.expires, now) })) };
}

const inviteAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    email: z.email().max(320),
    expiresInDays: z.coerce.number().int().min(1).max(90).default(7),
  }),
  z.object({
    intent: z.literal("revoke"),
    email: z.string().min(1).max(320),
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    confirm: z.literal("yes").optional(),
  }),
]);

export type AdminInvitesResult =
  | { kind: "done"; message: string; link?: string; expires?: { date: string; remaining: string }; noEffect?: boolean }
  | { kind: "failed"; error: string }
  | { kind: "confirm"; request: ConfirmRequest };

export async function adminInvitesAction({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  await requireAdmin(request, context);
  const form = Object.fromEntries(await request.formData());
  const parsed = inviteAction.safeParse({ ...form, expiresInDays: form.expiresInDays || undefined });
  const failure = (error: string, status = 400) => data<AdminInvitesResult>({ kind: "failed", error }, { status });
  if (!parsed.success) {
    return failure(form.intent === "create" ? "メールアドレスと有効期限（1〜90 日）を確認してください。" : "入力内容が正しくありません。");
  }
  const input = parsed.data;
  if (input.intent === "create") {
    if (await getUserByEmail(input.email)) return failure("このメールアドレスの方はすでにメンバーです。");
    const expires = new Date(Date.now() + input.expiresInDays * 86_400_000);
    const { invite, secret, replaced } = await createInvite(input.email, expires);
    const link = `${appOrigin(request)}/login?${new URLSearchParams({ invite: secret })}`;
    return data<AdminInvitesResult>({
      kind: "done",
      message: `${invite.email} さんへの招待を作成しました。${replaced ? "以前に送った招待リンクは使えなくなりました。" : ""}`,
      link,
      expires: expiryLabel(expires),
      noEffect: !policyInfo().invitesWork,
    });
  }
  const gone = () => failure("招待が見つかりません。すでに使われたか、取り消されています。", 404);
  if (!input.confirm) {
    if (!(await inviteExists(input.email, input.tokenHash))) return gone();
    return data<AdminInvitesResult>({
      kind: "confirm",
      request: {
        title: `${input.email} さんへの招待を取り消しますか？`,
        body: ["送った招待リンクは使えなくなります。もう一度招待するには、新しい招待を作成してください。"],
        confirmLabel: "取り消す",
        fields: { intent: "revoke", email: input.email, tokenHash: input.tokenHash },
        danger: true,
      },
    });
  }
  const removed = await revokeInvite(input.email, input.tokenHash);
  return removed ? data<AdminInvitesResult>({ kind: "done", message: `${input.email} さんへの招待を取り消しました。` }) : gone();
}
