// The confirmation step of a destructive admin action. The server answers the first POST with what
// would happen (nothing is changed yet); this renders it with a form that repeats the POST with
// confirm=yes. Without scripts it is an inline panel at the top of the page; with them the same
// <dialog> is shown modal (focus kept inside, Esc cancels). Never window.confirm.
import { Form, Link, useNavigate } from "@remix-run/react";
import { useEffect, useId, useRef, type ReactNode } from "react";

export interface ConfirmRequest {
  title: string;
  body: string[];
  confirmLabel: string;
  /** the form fields to send again, with confirm=yes */
  fields: Record<string, string>;
  danger?: boolean;
}

export function ConfirmDialog({ request, cancelTo, children }: { request: ConfirmRequest; cancelTo: string; children?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || dialog.matches(":modal")) return;
    dialog.close();
    dialog.showModal();
    // the safe choice has the focus
    dialog.querySelector<HTMLElement>("[data-cancel]")?.focus();
  }, []);
  const cancel = () => navigate(cancelTo, { replace: true, preventScrollReset: true });
  return (
    <dialog
      ref={ref}
      open
      className={`confirm${request.danger ? " danger" : ""}`}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
    >
      <h2 id={titleId}>{request.title}</h2>
      <div id={bodyId}>
        {request.body.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      {children}
      <div className="confirm-actions">
        <Form method="post" preventScrollReset>
          {Object.entries(request.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" className={request.danger ? "danger" : undefined}>
            {request.confirmLabel}
          </button>
        </Form>
        <Link to={cancelTo} replace preventScrollReset className="button secondary" data-cancel>
          キャンセル
        </Link>
      </div>
    </dialog>
  );
}
