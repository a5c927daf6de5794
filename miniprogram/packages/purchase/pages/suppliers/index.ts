// 供应商: search by name, paged; owners and managers add one and open a supplier's page (a
// clerk, who may not see what is owed, only reads the list).
import type { Party } from '../../../../../typings/api/parties';
import { errorMessage } from '../../../../services/api';
import { purchasingService } from '../../../../services/purchasing';
import { shopService } from '../../../../services/shop';

type Row = Pick<Party, '_id' | 'name' | 'contact' | 'phone'>;

const PAGE_SIZE = 20;

Component({
  data: {
    keyword: '',
    /** the keyword of the rows shown, for the empty state */
    searched: '',
    items: [] as Row[],
    page: 0,
    hasMore: true,
    loading: false,
    error: '',
    role: '',
  },
  methods: {
    onLoad() {
      shopService
        .mine()
        .then((m) => this.setData({ role: m.member?.role ?? '' }))
        .catch(() => undefined); // the list itself reports a failed network
      return this.reload();
    },
    onShow() {
      // back from creating, editing or archiving one
      if (this.data.page > 0) this.reload();
    },
    onPullDownRefresh() {
      this.reload().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      this.loadMore();
    },
    loadMore() {
      if (this.data.hasMore && !this.data.loading && !this.data.error) return this.loadPage(this.data.page + 1);
      return Promise.resolve();
    },
    onRetry() {
      if (this.data.page === 0) return this.reload();
      this.setData({ error: '' });
      return this.loadMore();
    },
    onSearchChange(e: WechatMiniprogram.CustomEvent) {
      this.setData({ keyword: String(e.detail) });
    },
    onSearch() {
      return this.reload();
    },
    reload() {
      this.setData({ items: [], page: 0, hasMore: true });
      return this.loadPage(1);
    },
    async loadPage(page: number) {
      const keyword = this.data.keyword.trim();
      this.setData({ loading: true, error: '' });
      try {
        const r = await purchasingService.suppliers({ keyword, page, pageSize: PAGE_SIZE });
        const rows: Row[] = r.items.map((s) => ({ _id: s._id, name: s.name, contact: s.contact, phone: s.phone }));
        // Append by path: only the new rows cross to the view layer.
        const start = page === 1 ? 0 : this.data.items.length;
        const patch: Record<string, unknown> = { page, hasMore: r.hasMore, loading: false, searched: keyword };
        if (page === 1) patch.items = rows;
        else rows.forEach((row, i) => (patch[`items[${start + i}]`] = row));
        this.setData(patch);
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onTapSupplier(e: WechatMiniprogram.TouchEvent) {
      if (this.data.role !== 'owner' && this.data.role !== 'manager') return;
      wx.navigateTo({ url: `/packages/purchase/pages/supplier-detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/purchase/pages/supplier-edit/index' });
    },
  },
});
