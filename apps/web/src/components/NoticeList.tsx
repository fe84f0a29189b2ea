export interface Notice {
  key: string;
  tone: 'warn' | 'error';
  text: string;
}

/** Warnings and refusals above a form's submit button; errors are announced as alerts. */
export function NoticeList({ notices }: { notices: readonly Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => (
        <p key={notice.key} className={`notice ${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      ))}
    </div>
  );
}
