import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DISPLAY_NAME_MAX } from "~/models/display-name";
import { settingsAction, settingsLoader, type AvatarChoice } from "./settings.server";

export const meta: MetaFunction = () => [{ title: "設定 | すずみな web" }];

export const loader = settingsLoader;
export const action = settingsAction;

const AVATAR_LABEL: Record<AvatarChoice, string> = {
  current: "今の画像",
  google: "Google のプロフィール画像",
  generated: "自動で作った画像",
};

export default function Settings() {
  const { displayName, email, avatar, role, invitesOnly } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const profile = result?.intent === "profile" ? result : undefined;
  const profileErrors = profile && !profile.ok ? profile.errors : {};
  const deletion = result?.intent === "delete" ? result : undefined;
  return (
    <>
      <section className="card" aria-labelledby="settings-title">
        <h1 id="settings-title">設定</h1>
        <p className="muted">
          {email ? `${email} でログインしています。` : null}
          <Link to="/">トップページへ</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">プロフィール</h2>
        <p className="muted small">表示名とプロフィール画像は、ほかのメンバーにも表示されます。</p>
        {profile?.ok ? (
          <p className="notice ok" role="status" data-testid="profile-result">
            {profile.message}
          </p>
        ) : null}
        {profile && !profile.ok ? (
          <p className="notice error" role="alert" data-testid="profile-result">
            入力内容を確認してください。
          </p>
        ) : null}
        <Form method="post" preventScrollReset noValidate>
          <input type="hidden" name="intent" value="profile" />
          <div className="field">
            <label htmlFor="displayName">表示名</label>
            <p id="displayName-hint" className="field-hint">
              1〜{DISPLAY_NAME_MAX} 文字。改行やタブなどの制御文字は使えません。
            </p>
            <input
              id="displayName"
              name="displayName"
              // a new value from the server (after saving) replaces what the field shows
              key={profile?.ok ? displayName : "edit"}
              defaultValue={profile && !profile.ok ? profile.values.displayName : displayName}
              required
              autoComplete="nickname"
              aria-invalid={profileErrors.displayName ? true : undefined}
              aria-describedby={profileErrors.displayName ? "displayName-hint displayName-error" : "displayName-hint"}
            />
            {profileErrors.displayName ? (
              <p id="displayName-error" className="field-error" data-testid="displayName-error">
                {profileErrors.displayName}
              </p>
            ) : null}
          </div>
          <fieldset aria-describedby={profileErrors.avatar ? "avatar-error" : "avatar-hint"}>
            <legend>プロフィール画像</legend>
            <div className="choices">
              {avatar.options.map((o) => (
                <label key={o.value} className="choice">
                  <input type="radio" name="avatar" value={o.value} defaultChecked={o.value === avatar.selected} data-testid={`avatar-${o.value}`} />
                  <img className="avatar small" src={o.url} alt="" />
                  {AVATAR_LABEL[o.value]}
                </label>
              ))}
            </div>
            {avatar.googleKnown ? null : (
              <p id="avatar-hint" className="field-hint" data-testid="google-avatar-unknown">
                Google のプロフィール画像は、次に Google でログインしたときから選べるようになります。
              </p>
            )}
            {profileErrors.avatar ? (
              <p id="avatar-error" className="field-error">
                {profileErrors.avatar}
              </p>
            ) : null}
          </fieldset>
          <button type="submit" disabled={busy}>
            保存する
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">データのダウンロード</h2>
        <p>
          このサイトがあなたについて保存しているすべての情報（プロフィール、ログインに使う Google アカウントの ID、ログイン中のセッションの日時、あなた宛ての招待・引き継ぎリンク）を
          JSON ファイルでダウンロードできます。パスワードやトークンは含まれません（保存していません）。
        </p>
        <p>
          {/* a plain link: the file comes from a resource route, not a page */}
          <a href="/settings/export" download className="button secondary" data-testid="export-link">
            データをダウンロード（JSON）
          </a>
        </p>
      </section>

      <section className="card section-danger" aria-labelledby="delete-title">
        <h2 id="delete-title">アカウントの削除</h2>
        <p>アカウントを削除すると、プロフィール、Google アカウントとの紐づけ、すべてのセッションが削除され、すべての端末でログアウトします。元に戻すことはできません。</p>
        <p>
          あとで同じ Google アカウントでログインすると、<strong>新しいメンバー</strong>として登録されます（今の表示名や権限は引き継がれません）。
          {invitesOnly ? "このサイトは招待制のため、再び参加するには管理人からの招待が必要です。" : null}
        </p>
        {role === "admin" ? <p className="muted small">管理人が一人だけのときは削除できません。先に別のメンバーを管理人にしてください。</p> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="delete" />
          <div className="field">
            <label htmlFor="confirmName">確認のため、表示名「{displayName}」を入力してください</label>
            <input
              id="confirmName"
              name="confirmName"
              autoComplete="off"
              defaultValue={deletion?.values.confirmName ?? ""}
              aria-invalid={deletion ? true : undefined}
              aria-describedby={deletion ? "confirmName-error" : undefined}
            />
            {deletion ? (
              <p id="confirmName-error" className="field-error" role="alert" data-testid="delete-error">
                {deletion.error}
              </p>
            ) : null}
          </div>
          <button type="submit" className="danger" disabled={busy}>
            アカウントを削除する
          </button>
        </Form>
      </section>
    </>
  );
}
