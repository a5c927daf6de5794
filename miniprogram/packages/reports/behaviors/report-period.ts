// A report page's period (今天/本周/本月/今年/自定义 from–to) and warehouse (all or one), on top of
// the paged-list behavior: any change reloads page 1. The host's fetchPage calls query().
import type { ExportKind } from '../../../utils/exports';
import { errorMessage } from '../../../services/api';
import { callFiles, downloadToPhone, openSheet } from '../../../services/files';
import { shopService } from '../../../services/shop';

export type PeriodKey = 'today' | 'week' | 'month' | 'year' | 'custom';

export const PERIODS: { key: PeriodKey; label: string }[] = [
  { key: 'today', label: '今天' },
  { key: 'week', label: '本周' },
  { key: 'month', label: '本月' },
  { key: 'year', label: '今年' },
  { key: 'custom', label: '自定义' },
];

/** China-time 'YYYY-MM-DD' of now. */
export const chinaToday = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

type Host = WechatMiniprogram.Component.TrivialInstance & {
  reload(): Promise<void>;
  query(): Record<string, unknown>;
  /** what else the page's export needs (the sales ranking's grouping and order) */
  exportQuery?(): Record<string, unknown>;
};

export const reportPeriod = Behavior({
  data: {
    periods: PERIODS,
    period: 'month' as PeriodKey,
    from: '',
    to: '',
    today: '',
    warehouseNames: ['全部仓库'] as string[],
    warehouseIds: [''] as string[],
    warehouseIndex: 0,
    /** the page's report as an export kind ('' = no 导出 button) */
    exportKind: '' as ExportKind | '',
    exporting: false,
  },
  methods: {
    /** Loads the shop's warehouses (the picker shows only with more than one), then the first page. */
    async startReport(period?: PeriodKey) {
      const h = this as unknown as Host;
      const today = chinaToday();
      h.setData({ today, from: `${today.slice(0, 8)}01`, to: today, ...(period ? { period } : {}) });
      try {
        const mine = await shopService.mine();
        const live = (mine.shop?.warehouses ?? []).filter((w) => !w.archived);
        h.setData({ warehouseNames: ['全部仓库', ...live.map((w) => w.name)], warehouseIds: ['', ...live.map((w) => w.id)] });
      } catch {
        // the report itself says what is wrong
      }
      return h.reload();
    },
    query() {
      const d = this.data as unknown as { period: PeriodKey; from: string; to: string; warehouseIds: string[]; warehouseIndex: number };
      const warehouseId = d.warehouseIds[d.warehouseIndex] || undefined;
      return { period: d.period, ...(d.period === 'custom' ? { from: d.from, to: d.to } : {}), ...(warehouseId ? { warehouseId } : {}) };
    },
    onPeriod(e: WechatMiniprogram.TouchEvent) {
      const period = e.currentTarget.dataset.key as PeriodKey;
      (this as unknown as Host).setData({ period });
      return (this as unknown as Host).reload();
    },
    onFrom(e: WechatMiniprogram.PickerChange) {
      (this as unknown as Host).setData({ from: String(e.detail.value), period: 'custom' });
      return (this as unknown as Host).reload();
    },
    onTo(e: WechatMiniprogram.PickerChange) {
      (this as unknown as Host).setData({ to: String(e.detail.value), period: 'custom' });
      return (this as unknown as Host).reload();
    },
    /** 导出: the report as the page shows it (period, warehouse, grouping) to .xlsx, opened in WeChat's viewer, whose menu forwards it. */
    async onExport() {
      const h = this as unknown as Host;
      const d = h.data as { exportKind: ExportKind | ''; exporting: boolean };
      const kind = d.exportKind;
      if (!kind || d.exporting) return;
      h.setData({ exporting: true });
      try {
        const file = await callFiles('export.create', { kind, ...h.query(), ...(h.exportQuery?.() ?? {}) });
        await openSheet(await downloadToPhone(file));
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      } finally {
        h.setData({ exporting: false });
      }
    },
    onWarehouse(e: WechatMiniprogram.PickerChange) {
      (this as unknown as Host).setData({ warehouseIndex: Number(e.detail.value) });
      return (this as unknown as Host).reload();
    },
  },
});
