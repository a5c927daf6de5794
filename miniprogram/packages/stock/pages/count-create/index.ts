// 新建盘点 (owner, manager): which warehouse (only asked when the shop has more than one), what to
// count — everything, one category or chosen products — and whether it is blind (clerks never see
// what the book says). Created once however often 开始盘点 is tapped; then counting starts.
import type { ProductView } from '../../../../../typings/api/products';
import { productPicker } from '../../../../behaviors/product-picker';
import { errorMessage } from '../../../../services/api';
import { countPageUrl, countsService, shopCategories } from '../../../../services/counts';
import { requestIdsOf } from '../../../../services/purchasing';
import { shopService } from '../../../../services/shop';
import { chooseWarehouse, warehouseChoice } from '../../../../services/warehouses';

type ScopeKind = 'all' | 'category' | 'products';
const KIND = 'count';

Component({
  behaviors: [productPicker],
  data: {
    loading: true,
    loadError: '',
    role: '',
    shopId: '',
    warehouses: [] as { id: string; name: string }[],
    warehouseNames: [] as string[],
    warehouseId: '',
    warehouseName: '',
    warehouseIndex: -1,
    scopes: [
      { kind: 'all', label: '全部商品' },
      { kind: 'category', label: '按分类' },
      { kind: 'products', label: '指定商品' },
    ],
    scopeKind: 'all' as ScopeKind,
    categories: [] as string[],
    categoriesLoading: false,
    category: '',
    picked: [] as { _id: string; name: string }[],
    blind: false,
    saving: false,
  },
  methods: {
    async onLoad() {
      this.setData({ loading: true, loadError: '' });
      try {
        const mine = await shopService.mine();
        this.setData({ loading: false, role: mine.member?.role ?? '', shopId: mine.shop?._id ?? '', ...warehouseChoice(mine.shop, KIND) });
      } catch (e) {
        this.setData({ loading: false, loadError: errorMessage(e) });
      }
    },
    onWarehouse(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const next = chooseWarehouse(this.data.shopId, KIND, this.data, Number(e.detail.value));
      if (next) this.setData({ ...next });
    },
    async onScope(e: WechatMiniprogram.TouchEvent) {
      const scopeKind = e.currentTarget.dataset.kind as ScopeKind;
      this.setData({ scopeKind, error: '' });
      if (scopeKind !== 'category' || this.data.categories.length || this.data.categoriesLoading) return;
      this.setData({ categoriesLoading: true });
      try {
        const categories = await shopCategories();
        this.setData({ categoriesLoading: false, categories, category: this.data.category || categories[0] || '' });
      } catch (err) {
        this.setData({ categoriesLoading: false, error: errorMessage(err) });
      }
    },
    onCategory(e: WechatMiniprogram.TouchEvent) {
      this.setData({ category: e.currentTarget.dataset.name as string });
    },
    onCategoryInput(e: WechatMiniprogram.CustomEvent) {
      this.setData({ category: String(e.detail) });
    },
    /** From the product picker (search or scan). */
    addProduct(p: ProductView) {
      if (this.data.picked.some((x) => x._id === p._id)) return;
      this.setData({ picked: [...this.data.picked, { _id: p._id, name: p.name }], error: '' });
    },
    onRemovePicked(e: WechatMiniprogram.TouchEvent) {
      this.setData({ picked: this.data.picked.filter((p) => p._id !== e.currentTarget.dataset.id) });
    },
    onBlind(e: WechatMiniprogram.CustomEvent) {
      this.setData({ blind: Boolean(e.detail) });
    },
    async onCreate() {
      if (this.data.saving) return;
      const d = this.data;
      const scope =
        d.scopeKind === 'category' ? { kind: 'category' as const, category: d.category.trim() } : d.scopeKind === 'products' ? { kind: 'products' as const, productIds: d.picked.map((p) => p._id) } : { kind: 'all' as const };
      if (scope.kind === 'category' && !scope.category) return this.setData({ error: '请选择或填写分类' });
      if (scope.kind === 'products' && scope.productIds.length === 0) return this.setData({ error: '请先添加要盘点的商品' });
      this.setData({ saving: true, error: '' });
      try {
        const count = await requestIdsOf(this).run('create', (requestId) => countsService.create({ requestId, warehouseId: d.warehouseId || undefined, scope, blind: d.blind, note: '' }));
        this.setData({ saving: false });
        wx.redirectTo({ url: countPageUrl('count-session', count._id) });
      } catch (e) {
        this.setData({ saving: false, error: errorMessage(e) });
      }
    },
  },
});
