// 供应商: search by name, paged; owners and managers add one and open a supplier's page (a
// clerk, who may not see what is owed, only reads the list).
import type { Party } from '../../../../../typings/api/parties';
import { pagedList } from '../../../../behaviors/paged-list';
import { purchasingService } from '../../../../services/purchasing';
import { shopService } from '../../../../services/shop';

type Row = Pick<Party, '_id' | 'name' | 'contact' | 'phone'>;

Component({
  behaviors: [pagedList],
  data: {
    keyword: '',
    /** the keyword of the rows shown, for the empty state */
    searched: '',
    items: [] as Row[],
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
    onSearchChange(e: WechatMiniprogram.CustomEvent) {
      this.setData({ keyword: String(e.detail) });
    },
    onSearch() {
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const keyword = this.data.keyword.trim();
      const r = await purchasingService.suppliers({ keyword, page, pageSize });
      const rows: Row[] = r.items.map((s) => ({ _id: s._id, name: s.name, contact: s.contact, phone: s.phone }));
      return { rows, hasMore: r.hasMore, extra: { searched: keyword } };
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
