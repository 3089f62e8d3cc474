// A one-time link an admin passes on: always selectable text (one tap selects all of it), plus a copy
// button once scripts run. Where the Clipboard API is missing or refused (an http page, an old browser)
// the button selects the link and says how to copy it by hand.
import { useEffect, useRef, useState } from "react";

export function CopyLink({ link, testId }: { link: string; testId: string }) {
  const [scripted, setScripted] = useState(false);
  const [status, setStatus] = useState("");
  const textRef = useRef<HTMLElement>(null);
  // rendered by the server and the first browser render without the button (it needs scripts)
  useEffect(() => setScripted(true), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setStatus("コピーしました。");
    } catch {
      const el = textRef.current;
      const selection = window.getSelection();
      if (el && selection) {
        const range = document.createRange();
        range.selectNodeContents(el);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setStatus("自動でコピーできませんでした。リンクを選択したので、Ctrl+C（Mac は ⌘+C）でコピーしてください。");
    }
  }

  return (
    <div className="copy-link">
      {/* data-testid last: the http tests read the link as data-testid="…">link< */}
      <code ref={textRef} className="link-text" data-testid={testId}>
        {link}
      </code>
      {scripted ? (
        <button type="button" className="secondary" onClick={copy} data-testid={`${testId}-copy`}>
          コピー
        </button>
      ) : null}
      <span role="status" className="small" data-testid={`${testId}-status`}>
        {status}
      </span>
    </div>
  );
}
