// 应付账款: what the shop owes each supplier (receipts − returns − payments); a row opens the
// supplier's statement, where payments are recorded.
import type { PayableRow } from '../../../../../typings/api/purchasing';
import { errorMessage } from '../../../../services/api';
import { purchasingService } from '../../../../services/purchasing';

Component({
  data: {
    loading: true,
    error: '',
    rows: [] as PayableRow[],
    totalFen: 0,
  },
  methods: {
    onLoad() {
      return this.load();
    },
    onShow() {
      // back from paying: the amounts changed
      if (!this.data.loading) this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      this.setData({ loading: this.data.rows.length === 0, error: '' });
      try {
        const rows = await purchasingService.payables();
        this.setData({ loading: false, rows, totalFen: rows.reduce((s, r) => s + r.payableFen, 0) });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const { id, name } = e.currentTarget.dataset as { id: string; name: string };
      wx.navigateTo({ url: `/packages/purchase/pages/supplier-statement/index?supplierId=${encodeURIComponent(id)}&name=${encodeURIComponent(name)}` });
    },
  },
});
