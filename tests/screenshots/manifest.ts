// What the page-capture run (jest) hands the photographer (scripts/screenshots/run.ts), one entry per
// picture state, in docs/screenshots/manifest: shared by both sides so they cannot drift.
export interface ManifestEntry {
  file: string;
  page: string;
  name: string;
  state: string;
  description: string;
  role: string;
  title?: string;
  toasts: string[];
  modals: { title?: string; content?: string; showCancel?: boolean; confirmText?: string; cancelText?: string }[];
  error?: string;
  ms: number;
}
