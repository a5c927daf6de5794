// 采购单: tabs by status, search by number / supplier / product, supplier filter, paged; managers
// create an order or turn the nightly suggestions into one draft per supplier.
import type { ActionOutput } from '../../../../../typings/api';
import { keywordSearch, listFilters, pagedList } from '../../../../behaviors/paged-list';
import { errorMessage } from '../../../../services/api';
import { purchasingService, requestIdsOf, STATUS_TAG } from '../../../../services/purchasing';
import { shopService } from '../../../../services/shop';

type Row = ActionOutput<'purchase.list'>['items'][number] & { tagType: string; day: string };
type Status = 'all' | 'submitted' | 'open' | 'draft' | 'received';

const TABS: { key: Status; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'submitted', label: '待审批' },
  { key: 'open', label: '进行中' },
  { key: 'draft', label: '草稿' },
  { key: 'received', label: '已完成' },
];

Component({
  behaviors: [pagedList, keywordSearch, listFilters],
  data: {
    tabs: TABS,
    status: 'all' as Status,
    keyword: '',
    supplierId: '',
    supplierName: '',
    items: [] as Row[],
    role: '',
    suppliers: [] as { id: string; name: string }[],
    /** what the supplier sheet is choosing for: the list filter, or a product without a supplier */
    sheetFor: '',
    suggesting: false,
    missing: [] as { productId: string; productName: string; supplierId: string; supplierName: string }[],
    notice: '',
  },
  methods: {
    onLoad() {
      shopService
        .mine()
        .then((m) => this.setData({ role: m.member?.role ?? '' }))
        .catch(() => undefined); // the list itself reports a failed network
      this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await purchasingService.list({ status: this.data.status, keyword: this.data.keyword, supplierId: this.data.supplierId || undefined, page, pageSize });
      return { rows: r.items.map((o) => ({ ...o, tagType: STATUS_TAG[o.status] ?? 'default', day: o.createdAt.slice(0, 10) })), hasMore: r.hasMore };
    },
    onTapOrder(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/purchase/pages/order-detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/purchase/pages/order-edit/index' });
    },
    onSuppliers() {
      wx.navigateTo({ url: '/packages/purchase/pages/suppliers/index' });
    },
    onPayables() {
      wx.navigateTo({ url: '/packages/purchase/pages/payables/index' });
    },

    // ---- supplier filter and the supplier sheet
    async openSuppliers(sheetFor: string) {
      if (this.data.suppliers.length === 0) {
        try {
          const r = await shopService.suppliers();
          this.setData({ suppliers: r.items.map((s) => ({ id: s._id, name: s.name })) });
        } catch (e) {
          this.setData({ error: errorMessage(e) });
          return;
        }
      }
      this.setData({ sheetFor });
    },
    onFilterSupplier() {
      return this.openSuppliers('filter');
    },
    onClearSupplier() {
      this.setData({ supplierId: '', supplierName: '' });
      this.reload();
    },
    closeSheet() {
      this.setData({ sheetFor: '' });
    },
    onSupplier(e: WechatMiniprogram.CustomEvent<{ id: string; name: string }>) {
      const { id, name } = e.detail;
      const sheetFor = this.data.sheetFor;
      this.setData({ sheetFor: '' });
      if (sheetFor === 'filter') {
        this.setData({ supplierId: id, supplierName: name });
        this.reload();
        return;
      }
      const i = this.data.missing.findIndex((m) => m.productId === sheetFor);
      if (i >= 0) this.setData({ [`missing[${i}].supplierId`]: id, [`missing[${i}].supplierName`]: name });
    },

    // ---- 从补货建议生成: one draft per supplier; products without one get a supplier here
    async onFromSuggestions() {
      if (this.data.suggesting) return;
      this.setData({ suggesting: true, notice: '' });
      try {
        const r = await requestIdsOf(this).run('suggest', (requestId) => purchasingService.fromSuggestions({ requestId }));
        this.setData({ suggesting: false, missing: r.missingSupplier.map((m) => ({ ...m, supplierId: '', supplierName: '' })) });
        this.afterSuggestions(r.orders.length, r.missingSupplier.length);
      } catch (e) {
        this.setData({ suggesting: false, notice: errorMessage(e) });
      }
    },
    onPickMissingSupplier(e: WechatMiniprogram.TouchEvent) {
      return this.openSuppliers(e.currentTarget.dataset.id as string);
    },
    async onCreateMissing() {
      const chosen = this.data.missing.filter((m) => m.supplierId);
      if (chosen.length === 0) {
        this.setData({ notice: '请先为商品选择供应商' });
        return;
      }
      this.setData({ suggesting: true, notice: '' });
      const suppliers: Record<string, string> = {};
      for (const m of chosen) suppliers[m.productId] = m.supplierId;
      try {
        // Only these products: the others already have their drafts from the first tap.
        const r = await requestIdsOf(this).run('suggest-missing', (requestId) => purchasingService.fromSuggestions({ requestId, productIds: chosen.map((m) => m.productId), suppliers }));
        const left = this.data.missing.filter((m) => !m.supplierId);
        this.setData({ suggesting: false, missing: left });
        this.afterSuggestions(r.orders.length, left.length);
      } catch (e) {
        this.setData({ suggesting: false, notice: errorMessage(e) });
      }
    },
    onCloseMissing() {
      this.setData({ missing: [] });
    },
    afterSuggestions(made: number, missing: number) {
      if (made === 0 && missing === 0) {
        wx.showToast({ title: '没有需要补货的商品', icon: 'none' });
        return;
      }
      if (made > 0) {
        wx.showToast({ title: `已生成 ${made} 张草稿`, icon: 'success' });
        this.setData({ status: 'draft' });
        this.reload();
      }
    },
  },
});
