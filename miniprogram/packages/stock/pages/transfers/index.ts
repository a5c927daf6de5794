// 调拨单: tabs by status (在途 are the ones waiting to be received), search by number or product,
// paged; anyone may start a transfer.
import type { ActionOutput } from '../../../../../typings/api';
import { keywordSearch, listFilters, pagedList } from '../../../../behaviors/paged-list';
import { chinaTime } from '../../../../services/purchasing';
import { TRANSFER_TAG, transfersService } from '../../../../services/transfers';

type Status = 'all' | 'draft' | 'in_transit' | 'done';
type Row = ActionOutput<'transfer.list'>['items'][number] & { tagType: string; at: string };

const TABS: { key: Status; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'in_transit', label: '在途' },
  { key: 'draft', label: '草稿' },
  { key: 'done', label: '已完成' },
];

Component({
  behaviors: [pagedList, keywordSearch, listFilters],
  data: {
    tabs: TABS,
    status: 'all' as Status,
    keyword: '',
    items: [] as Row[],
  },
  methods: {
    onLoad(query: { status?: Status } = {}) {
      if (query.status && TABS.some((t) => t.key === query.status)) this.setData({ status: query.status });
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await transfersService.list({ status: this.data.status, keyword: this.data.keyword, page, pageSize });
      return { rows: r.items.map((t) => ({ ...t, tagType: TRANSFER_TAG[t.status] ?? 'default', at: chinaTime(t.createdAt) })), hasMore: r.hasMore };
    },
    onTapTransfer(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/stock/pages/transfer-detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/stock/pages/transfer-edit/index' });
    },
  },
});
