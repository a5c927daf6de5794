// 盘点单: tabs 进行中 / 已过账 / 全部, paged; each row shows its warehouse, scope, 盲盘 and progress.
// Owner and manager start a new count. A count being counted opens the counting page, any other
// the review (or, once posted, its read-only view).
import type { ActionOutput } from '../../../../../typings/api';
import { listFilters, pagedList } from '../../../../behaviors/paged-list';
import { COUNT_STATUS_TAG, countPageUrl, countsService } from '../../../../services/counts';
import { shopService } from '../../../../services/shop';

type Status = 'open' | 'posted' | 'all';
type Row = ActionOutput<'count.list'>['items'][number] & { tagType: string; day: string; pct: number };

const TABS: { key: Status; label: string }[] = [
  { key: 'open', label: '进行中' },
  { key: 'posted', label: '已过账' },
  { key: 'all', label: '全部' },
];

Component({
  behaviors: [pagedList, listFilters],
  data: { tabs: TABS, status: 'open' as Status, items: [] as Row[], role: '' },
  methods: {
    onLoad() {
      shopService
        .mine()
        .then((m) => this.setData({ role: m.member?.role ?? '' }))
        .catch(() => undefined); // the list itself reports a failed network
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await countsService.list(this.data.status, page, pageSize);
      const rows: Row[] = r.items.map((c) => ({
        ...c,
        tagType: COUNT_STATUS_TAG[c.status] ?? 'default',
        day: (c.postedAt ?? c.createdAt).slice(0, 10),
        pct: c.toCount ? Math.min(100, Math.round((c.counted / c.toCount) * 100)) : 0,
      }));
      return { rows, hasMore: r.hasMore };
    },
    onTapCount(e: WechatMiniprogram.TouchEvent) {
      const { id, status } = e.currentTarget.dataset as { id: string; status: string };
      wx.navigateTo({ url: countPageUrl(status === 'counting' ? 'count-session' : 'count-review', id) });
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/stock/pages/count-create/index' });
    },
  },
});
