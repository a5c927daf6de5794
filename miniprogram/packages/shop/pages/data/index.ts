// 数据导出与备份: Excel exports (what the member's role may export; opened in WeChat's viewer or
// forwarded to a chat), the product import (template, choose a file, preview every row's problems,
// 确认导入 only when there are none; one request id per file so a retry never imports twice),
// and the owner's backups with their restore keys, and a restore into this new, empty shop.
import type { BackupInfo, ImportPreview } from '../../../../../typings/api/files';
import type { Role } from '../../../../../typings/models';
import { errorMessage } from '../../../../services/api';
import { callFiles, chooseSheet, commitImport, downloadToPhone, LocalFile, openSheet, shareSheet, uploadImport } from '../../../../services/files';
import { chinaToday, requestIdsOf } from '../../../../services/purchasing';
import { shopService } from '../../../../services/shop';
import { EXPORT_KINDS, EXPORT_LABELS, EXPORT_ROLES, ExportKind, PERIODIC_KINDS } from '../../../../utils/exports';

/** Rows of a preview put on the page (problem rows first): more would slow setData for nothing. */
const PREVIEW_ROWS = 100;
const MAX_RESTORE_ROUNDS = 20;

const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** YYYY-MM-DD HH:mm in China time. */
function chinaTime(at: string): string {
  return new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function backupRow(b: BackupInfo & { restoreKey: string }) {
  return {
    fileID: b.fileID,
    restoreKey: b.restoreKey,
    time: chinaTime(b.createdAt),
    weekly: b.trigger === 'weekly',
    triggerLabel: b.trigger === 'weekly' ? '每周自动' : '手动',
    meta: `${b.documents} 条记录 · ${sizeText(b.bytes)}`,
  };
}

/** What the owner copies and later pastes into 恢复: both halves a restore needs. */
export function backupText(b: { fileID: string; restoreKey: string }): string {
  return `备份文件：${b.fileID}\n恢复码：${b.restoreKey}`;
}

function previewView(p: ImportPreview) {
  const ordered = [...p.rows].sort((a, b) => Number(b.problems.length > 0) - Number(a.problems.length > 0) || a.rowNo - b.rowNo);
  const shown = ordered.slice(0, PREVIEW_ROWS);
  return {
    total: p.total,
    bad: p.bad,
    summary: p.bad
      ? `共 ${p.total} 行，${p.bad} 行有问题：改好后重新选择文件，有问题时不会导入任何一行`
      : `共 ${p.total} 行，没有问题：将新建 ${p.products} 个商品${p.openingLines ? `、${p.openingLines} 条期初库存` : ''}`,
    ignored: p.ignoredColumns.length ? `这些列不认识，会被忽略：${p.ignoredColumns.join('、')}` : '',
    rows: shown,
    more: p.rows.length > shown.length ? `另有 ${p.rows.length - shown.length} 行没有问题，未列出` : '',
  };
}

Component({
  data: {
    loading: true,
    error: '',
    role: '' as Role | '',
    shopId: '',
    isOwner: false,
    canImport: false,
    kinds: [] as { kind: ExportKind; label: string; periodic: boolean }[],
    from: '',
    to: '',
    exporting: '' as ExportKind | '',
    exportError: '',
    lastFile: null as (LocalFile & { meta: string }) | null,
    templating: false,
    previewing: false,
    committing: false,
    importError: '',
    imported: '',
    fileID: '',
    preview: null as ReturnType<typeof previewView> | null,
    backupsLoading: false,
    backups: [] as ReturnType<typeof backupRow>[],
    backingUp: false,
    backupError: '',
    restoreText: '',
    restoreKey: '',
    restoring: false,
    restoreError: '',
    restored: '',
  },
  methods: {
    onLoad() {
      const to = chinaToday();
      this.setData({ to, from: daysBefore(to, 29) });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const mine = await shopService.mine();
        if (!mine.shop || !mine.member) throw new Error('no shop');
        const role = mine.member.role;
        const kinds = EXPORT_KINDS.filter((k) => EXPORT_ROLES[k].includes(role)).map((kind) => ({ kind, label: EXPORT_LABELS[kind], periodic: PERIODIC_KINDS.includes(kind) }));
        this.setData({ loading: false, role, shopId: mine.shop._id, isOwner: role === 'owner', canImport: role !== 'clerk', kinds });
        if (role === 'owner') this.loadBackups();
      } catch (e) {
        this.setData({ loading: false, error: e instanceof Error && e.message === 'no shop' ? '还没有加入店铺' : errorMessage(e) });
      }
    },
    onPeriod(e: WechatMiniprogram.CustomEvent) {
      this.setData({ [String(e.currentTarget.dataset.field)]: String(e.detail.value) });
    },

    /** Exports, downloads to the phone and opens it; the file stays for 转发. */
    async onExport(e: WechatMiniprogram.CustomEvent) {
      const kind = e.currentTarget.dataset.kind as ExportKind;
      if (this.data.exporting) return;
      this.setData({ exporting: kind, exportError: '' });
      try {
        const period = PERIODIC_KINDS.includes(kind) ? { from: this.data.from, to: this.data.to } : {};
        const file = await callFiles('export.create', { kind, ...period });
        const filePath = await downloadToPhone(file);
        this.setData({ lastFile: { filePath, fileName: file.fileName, meta: `${file.rows} 行 · ${sizeText(file.bytes)}` } });
        await openSheet(filePath);
      } catch (err) {
        this.setData({ exportError: errorMessage(err) });
      } finally {
        this.setData({ exporting: '' });
      }
    },
    onOpenLast() {
      const f = this.data.lastFile;
      if (f) openSheet(f.filePath).catch((err) => this.setData({ exportError: errorMessage(err) }));
    },
    /** Called straight from the tap: WeChat refuses shareFileMessage outside one. */
    onShareLast() {
      const f = this.data.lastFile;
      if (f) shareSheet(f).catch(() => undefined); // the user closed the chat list
    },

    async onTemplate() {
      this.setData({ templating: true, importError: '' });
      try {
        const file = await callFiles('import.template', {});
        await openSheet(await downloadToPhone(file));
      } catch (err) {
        this.setData({ importError: errorMessage(err) });
      } finally {
        this.setData({ templating: false });
      }
    },
    async onChooseFile() {
      const chosen = await chooseSheet();
      if (!chosen) return;
      this.setData({ previewing: true, importError: '', imported: '', preview: null, fileID: '' });
      try {
        const fileID = await uploadImport(this.data.shopId, chosen);
        const preview = await callFiles('import.preview', { fileID });
        this.setData({ fileID, preview: previewView(preview) });
      } catch (err) {
        this.setData({ importError: errorMessage(err) });
      } finally {
        this.setData({ previewing: false });
      }
    },
    /** One request id per uploaded file, kept while the answer is unknown: a retry completes, never doubles. */
    async onCommit() {
      const { fileID, preview } = this.data;
      if (!fileID || !preview || preview.bad || this.data.committing) return;
      this.setData({ committing: true, importError: '' });
      try {
        const r = await requestIdsOf(this).run(`import:${fileID}`, (requestId) => commitImport(fileID, requestId));
        this.setData({ imported: `已导入 ${r.imported} 行商品`, preview: null, fileID: '' });
        wx.showToast({ title: '导入完成', icon: 'success' });
      } catch (err) {
        this.setData({ importError: errorMessage(err) });
      } finally {
        this.setData({ committing: false });
      }
    },

    async loadBackups() {
      this.setData({ backupsLoading: true, backupError: '' });
      try {
        const r = await callFiles('backup.list', {});
        this.setData({ backups: r.backups.map(backupRow) });
      } catch (err) {
        this.setData({ backupError: errorMessage(err) });
      } finally {
        this.setData({ backupsLoading: false });
      }
    },
    async onBackup() {
      if (this.data.backingUp) return;
      this.setData({ backingUp: true, backupError: '' });
      try {
        const b = await callFiles('backup.create', {});
        // The new backup first; the server keeps the list (older ones beyond 4 dropped).
        this.setData({ backups: [backupRow(b), ...this.data.backups.filter((x) => x.fileID !== b.fileID)].slice(0, 8) });
        wx.showModal({ title: '备份完成', content: `恢复码 ${b.restoreKey}\n恢复时需要它，请复制保存。`, showCancel: false });
      } catch (err) {
        this.setData({ backupError: errorMessage(err) });
      } finally {
        this.setData({ backingUp: false });
      }
    },
    onCopyBackup(e: WechatMiniprogram.CustomEvent) {
      const b = this.data.backups[Number(e.currentTarget.dataset.index)];
      if (b) wx.setClipboardData({ data: backupText(b) });
    },
    /** A pasted 备份信息 carries the key too: it fills the key field. */
    onRestoreText(e: WechatMiniprogram.CustomEvent) {
      const text = String(e.detail ?? '');
      const key = /恢复码[：:]\s*([A-Za-z0-9]{12})/.exec(text)?.[1];
      this.setData({ restoreText: text, ...(key ? { restoreKey: key.toUpperCase() } : {}) });
    },
    onRestoreKey(e: WechatMiniprogram.CustomEvent) {
      this.setData({ restoreKey: String(e.detail ?? '').trim().toUpperCase() });
    },
    async onRestore() {
      const fileID = /cloud:\/\/\S+/.exec(this.data.restoreText)?.[0] ?? '';
      const restoreKey = this.data.restoreKey.trim();
      if (!fileID) return this.setData({ restoreError: '请粘贴备份信息（复制备份信息得到）' });
      const confirm = await wx.showModal({ title: '恢复备份', content: '备份的全部商品、库存和单据会写入本店。只能恢复到新开的空店铺，确定恢复？' });
      if (!confirm.confirm) return;
      this.setData({ restoring: true, restoreError: '', restored: '' });
      try {
        let r = await callFiles('backup.restore', { fileID, restoreKey });
        // A restore cut off by the time limit continues where it stopped.
        for (let round = 1; !r.done && round < MAX_RESTORE_ROUNDS; round++) r = await callFiles('backup.restore', { fileID, restoreKey });
        this.setData({ restored: r.done ? `已恢复 ${r.documents} 条记录` : '恢复还没完成，请再点一次恢复' });
      } catch (err) {
        this.setData({ restoreError: errorMessage(err) });
      } finally {
        this.setData({ restoring: false });
      }
    },
  },
});
