// Why a sign-in failed, as codes in URLs and as Japanese text on /auth/error and /auth/not-allowed.
export const AUTH_ERROR_REASONS = ["access_denied", "state_mismatch", "invalid_code", "provider_unavailable", "unknown"] as const;
export type AuthErrorReason = (typeof AUTH_ERROR_REASONS)[number];

export const NOT_ALLOWED_REASONS = ["domain", "invite", "unverified", "claim_invalid", "claim_taken", "claim_linked", "blocked", "account_mismatch"] as const;
export type NotAllowedReason = (typeof NOT_ALLOWED_REASONS)[number];

export const AUTH_ERROR_MESSAGES: Record<AuthErrorReason, { title: string; body: string }> = {
  access_denied: {
    title: "ログインがキャンセルされました",
    body: "Google の画面でアクセスが許可されませんでした。ログインするには、もう一度お試しください。",
  },
  state_mismatch: {
    title: "ログインの有効期限が切れました",
    body: "ログイン手続きの確認情報が一致しないか、時間が経ちすぎました。最初からやり直してください。",
  },
  invalid_code: {
    title: "ログインを完了できませんでした",
    body: "Google からの認可コードが無効か、すでに使われています。もう一度ログインしてください。",
  },
  provider_unavailable: {
    title: "Google に接続できませんでした",
    body: "Google のサービスが一時的に応答していません。少し待ってからもう一度お試しください。",
  },
  unknown: {
    title: "ログイン中に問題が発生しました",
    body: "申し訳ありません。時間をおいて、もう一度お試しください。",
  },
};

export const NOT_ALLOWED_MESSAGES: Record<NotAllowedReason, { title: string; body: string }> = {
  domain: {
    title: "このアカウントではログインできません",
    body: "このサイトは特定のドメインのメールアドレスを持つメンバー専用です。コミュニティのアカウントでログインしてください。",
  },
  invite: {
    title: "招待されたメンバーのみ利用できます",
    body: "このメールアドレスには有効な招待がありません。管理人に招待を依頼し、招待されたアドレスの Google アカウントでログインしてください。",
  },
  unverified: {
    title: "メールアドレスが確認されていません",
    body: "Google アカウントのメールアドレスが確認済みではありません。Google でメールアドレスを確認してから、もう一度ログインしてください。",
  },
  claim_invalid: {
    title: "引き継ぎリンクが無効です",
    body: "このプロフィール引き継ぎリンクは、期限が切れたか、すでに使われたか、正しくありません。管理人に新しいリンクを依頼してください。",
  },
  claim_taken: {
    title: "この Google アカウントは別のメンバーのものです",
    body: "この Google アカウントはすでに別のメンバーのプロフィールに紐づいているため、引き継ぎに使えません。別の Google アカウントでリンクを開き直すか、管理人に相談してください。リンクはまだ使えます。",
  },
  blocked: {
    title: "このアカウントは利用を停止されています",
    body: "管理人によってログインが停止されています。心当たりがない場合は、コミュニティの管理人に問い合わせてください。",
  },
  account_mismatch: {
    title: "この Google アカウントではログインできません",
    body: "このメールアドレスのメンバーには、すでに別の Google アカウントが紐づいています。いつもログインに使っている Google アカウントでログインしてください。アカウントを変えたい場合は、管理人に相談してください。",
  },
  claim_linked: {
    title: "このプロフィールは引き継ぎ済みです",
    body: "このプロフィールにはすでに別の Google アカウントが紐づいています。そのアカウントでログインしてください。",
  },
};

export function parseAuthErrorReason(v: string | null): AuthErrorReason {
  return (AUTH_ERROR_REASONS as readonly string[]).includes(v ?? "") ? (v as AuthErrorReason) : "unknown";
}

export function parseNotAllowedReason(v: string | null): NotAllowedReason | null {
  return (NOT_ALLOWED_REASONS as readonly string[]).includes(v ?? "") ? (v as NotAllowedReason) : null;
}

/** A failure inside the OAuth flow, already classified. */
export class AuthFlowError extends Error {
  override name = "AuthFlowError";
  constructor(
    readonly reason: AuthErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** The access gate said no. */
export class NotAllowedError extends Error {
  override name = "NotAllowedError";
  constructor(readonly reason: NotAllowedReason) {
    super(`sign-in refused: ${reason}`);
  }
}
