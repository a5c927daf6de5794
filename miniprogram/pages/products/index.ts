// 商品: search, page through, scan to open a product or create it with the code filled in.
import type { ProductView } from '../../../typings/api/products';
import { errorMessage } from '../../services/api';
import { productsService } from '../../services/products';
import { lookupCode, offerCreate, scanCode } from '../../services/scan';

const PAGE_SIZE = 20;

Component({
  data: {
    keyword: '',
    items: [] as ProductView[],
    page: 0,
    hasMore: true,
    loading: false,
    error: '',
  },
  methods: {
    onLoad() {
      this.reload();
    },
    onShow() {
      if (this.data.page > 0) this.reload();
    },
    onPullDownRefresh() {
      this.reload().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.hasMore && !this.data.loading) this.loadPage(this.data.page + 1);
    },
    onSearchChange(e: WechatMiniprogram.CustomEvent) {
      this.setData({ keyword: String(e.detail) });
    },
    onSearch() {
      this.reload();
    },
    reload() {
      this.setData({ items: [], page: 0, hasMore: true });
      return this.loadPage(1);
    },
    async loadPage(page: number) {
      this.setData({ loading: true, error: '' });
      try {
        const r = await productsService.list({ keyword: this.data.keyword, page, pageSize: PAGE_SIZE });
        this.setData({ items: page === 1 ? r.items : [...this.data.items, ...r.items], page, hasMore: r.hasMore, loading: false });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    async onScan() {
      const code = await scanCode();
      if (!code) return;
      try {
        const { product } = await lookupCode(code);
        if (product) this.openProduct(product._id);
        else await offerCreate(code);
      } catch (e) {
        this.setData({ error: errorMessage(e) });
      }
    },
    onTapProduct(e: WechatMiniprogram.TouchEvent) {
      this.openProduct(e.currentTarget.dataset.id as string);
    },
    openProduct(id: string) {
      wx.navigateTo({ url: `/packages/catalog/pages/detail/index?id=${id}` });
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/catalog/pages/edit/index' });
    },
  },
});
