// 客户: search by name, phone or WeChat id, narrow to a level, a tag (tap one on a row) or the
// regulars who have not bought for 30 days; each row says what they owe and when they last bought.
// Opened with ?pick=1 (开单's customer picker) a tap hands the customer back through the event
// channel and goes back.
import type { CustomerLevel, CustomerRow } from '../../../../../typings/api/customers';
import { keywordSearch, pagedList } from '../../../../behaviors/paged-list';
import { customersService, LEVEL_LABELS, LEVEL_TAG, LEVELS, PickedCustomer, sinceText } from '../../../../services/customers';
import { shopService } from '../../../../services/shop';

const DORMANT_DAYS = 30;

type Filter = '' | CustomerLevel | 'dormant';

interface Row {
  _id: string;
  name: string;
  phone: string;
  levelLabel: string;
  levelTag: string;
  tags: string[];
  receivableFen: number;
  creditLimitFen: number | null;
  meta: string;
}

function rowOf(c: CustomerRow): Row {
  return {
    _id: c._id,
    name: c.name,
    phone: c.phone,
    levelLabel: c.level === 'normal' ? '' : LEVEL_LABELS[c.level],
    levelTag: LEVEL_TAG[c.level],
    tags: c.tags,
    receivableFen: c.receivableFen,
    creditLimitFen: c.creditLimitFen,
    meta: c.purchases ? `买过 ${c.purchases} 次 · 最近 ${sinceText(c.lastPurchaseAt)}` : '还没有买过',
  };
}

Component({
  behaviors: [pagedList, keywordSearch],
  data: {
    pick: false,
    keyword: '',
    /** the keyword of the rows shown, for the empty state */
    searched: '',
    filter: '' as Filter,
    tag: '',
    filters: [{ key: '', label: '全部' }, ...LEVELS, { key: 'dormant', label: `${DORMANT_DAYS} 天没来` }] as { key: Filter; label: string }[],
    items: [] as Row[],
    role: '',
  },
  methods: {
    onLoad(query: { pick?: string }) {
      this.setData({ pick: query.pick === '1' });
      if (query.pick === '1') wx.setNavigationBarTitle({ title: '选择客户' });
      shopService
        .mine()
        .then((m) => this.setData({ role: m.member?.role ?? '' }))
        .catch(() => undefined); // the list itself reports a failed network
      return this.reload();
    },
    onFilter(e: WechatMiniprogram.TouchEvent) {
      const filter = e.currentTarget.dataset.key as Filter;
      this.setData({ filter: this.data.filter === filter ? '' : filter });
      return this.reload();
    },
    onTag(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tag: e.currentTarget.dataset.tag as string });
      return this.reload();
    },
    onClearTag() {
      this.setData({ tag: '' });
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const keyword = this.data.keyword.trim();
      const filter = this.data.filter;
      if (filter === 'dormant') {
        // one answer, the most recently lapsed first; the keyword narrows it here
        const rows = (await customersService.dormant(DORMANT_DAYS))
          .filter((d) => !keyword || d.name.includes(keyword) || d.phone.includes(keyword) || d.wechatId.toLowerCase().includes(keyword.toLowerCase()))
          .map((d) => ({ ...rowOf({ ...d, tags: [], creditLimitFen: null, archived: false }), meta: `${d.daysSince} 天没来 · 买过 ${d.purchases} 次` }));
        return { rows: page === 1 ? rows : [], hasMore: false, extra: { searched: keyword } };
      }
      const r = await customersService.list({ keyword, page, pageSize, ...(filter ? { level: filter } : {}), ...(this.data.tag ? { tag: this.data.tag } : {}) });
      return { rows: r.items.map(rowOf), hasMore: r.hasMore, extra: { searched: keyword } };
    },
    onTapCustomer(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      if (this.data.pick) {
        const row = this.data.items.find((r) => r._id === id);
        if (!row) return;
        const picked: PickedCustomer = { _id: row._id, name: row.name, phone: row.phone, receivableFen: row.receivableFen, creditLimitFen: row.creditLimitFen };
        (this.getOpenerEventChannel?.() as WechatMiniprogram.EventChannel | undefined)?.emit('picked', picked);
        wx.navigateBack();
        return;
      }
      wx.navigateTo({ url: `/packages/sales/pages/customer-detail/index?id=${encodeURIComponent(id)}` });
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/sales/pages/customer-edit/index' });
    },
  },
});
