// What the page-capture run (jest) hands the photographer (scripts/screenshots/run.ts), one entry per
// picture state, in docs/screenshots/manifest: shared by both sides so they cannot drift.
import type { ModalRecord } from '../helpers/modal';
export interface ManifestEntry {
  file: string;
  page: string;
  name: string;
  state: string;
  description: string;
  role: string;
  title?: string;
  toasts: string[];
  modals: ModalRecord[];
  error?: string;
  ms: number;
}
