// 商品: search, page through, scan to open a product or create it with the code filled in; a
// 库存低 filter (the home page's low-stock count opens it). Coming back from a product keeps the
// scroll place and the loaded pages: only what changed meanwhile is refreshed.
import type { ProductView } from '../../../typings/api/products';
import type { Role } from '../../../typings/models';
import { errorMessage } from '../../services/api';
import { changesSince, currentVersion } from '../../services/changes';
import { productsService, takeProductsFilter } from '../../services/products';
import { lookupCode, offerCreate, scanCode, unknownCode } from '../../services/scan';
import { shopService } from '../../services/shop';

const PAGE_SIZE = 20;
/** More changed rows than this (a busy day at the till): reloading is cheaper than one read each. */
const MAX_REFRESH = 10;

/** What a row shows: small, so a page of rows is a small setData. */
export interface ProductRow {
  _id: string;
  name: string;
  label: string;
  salePriceFen: number;
  onHand: number;
  baseUnit: string;
  lowStock: boolean;
  /** the cover's fileID and a temporary URL of it ('' without a picture) */
  cover: string;
  coverUrl: string;
}

function rowOf(p: ProductView, coverUrl: string): ProductRow {
  return { _id: p._id, name: p.name, label: p.spec || p.category || p.barcodes[0] || '', salePriceFen: p.salePriceFen, onHand: p.onHand, baseUnit: p.baseUnit, lowStock: Boolean(p.lowStock), cover: p.images?.[0] ?? '', coverUrl };
}

Component({
  data: {
    keyword: '',
    lowOnly: false,
    items: [] as ProductRow[],
    page: 0,
    hasMore: true,
    loading: false,
    error: '',
    role: '' as Role | '',
    /** the change-log version the list reflects */
    seen: 0,
  },
  methods: {
    onLoad() {
      const filter = takeProductsFilter();
      if (filter) this.setData({ lowOnly: filter.lowOnly });
      shopService
        .mine()
        .then((mine) => this.setData({ role: mine.member?.role ?? '' }))
        .catch(() => undefined);
      this.reload();
    },
    onShow() {
      if (this.data.page === 0) return; // onLoad is loading
      const filter = takeProductsFilter();
      if (filter && filter.lowOnly !== this.data.lowOnly) {
        this.setData({ lowOnly: filter.lowOnly });
        this.reload();
        return;
      }
      this.refreshChanged();
    },
    /** Refreshes the rows that changed while the list was hidden; reloads only when it must. */
    async refreshChanged() {
      const changes = changesSince(this.data.seen);
      if (changes.version === this.data.seen) return;
      if (changes.reload || changes.created) {
        await this.reload();
        return;
      }
      const ids = changes.updated.filter((id) => this.data.items.some((r) => r._id === id));
      if (ids.length > MAX_REFRESH) {
        await this.reload();
        return;
      }
      this.setData({ seen: changes.version });
      try {
        const fresh = (await Promise.all(ids.map((id) => productsService.get(id)))).map((d) => d.product);
        // A row keeps its cover's URL unless the cover itself changed: new covers in one call.
        const urlOf = new Map(this.data.items.map((r) => [r.cover, r.coverUrl]));
        const newCovers = [...new Set(fresh.map((p) => p.images?.[0] ?? '').filter((f) => f && !urlOf.has(f)))];
        if (newCovers.length) for (const u of (await productsService.imageUrls(newCovers)).urls) urlOf.set(u.fileID, u.tempFileURL);
        // Archived, or no longer low in the 库存低 list: the row leaves; the others are replaced in place.
        const gone = new Set([...changes.archived, ...fresh.filter((p) => p.archived || (this.data.lowOnly && !p.lowStock)).map((p) => p._id)]);
        if (this.data.items.some((r) => gone.has(r._id))) this.setData({ items: this.data.items.filter((r) => !gone.has(r._id)) });
        const patch: Record<string, unknown> = {};
        for (const p of fresh) {
          const i = this.data.items.findIndex((r) => r._id === p._id);
          if (i >= 0 && !gone.has(p._id)) patch[`items[${i}]`] = rowOf(p, urlOf.get(p.images?.[0] ?? '') ?? '');
        }
        if (Object.keys(patch).length) this.setData(patch);
      } catch (e) {
        this.setData({ error: errorMessage(e) });
      }
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
    onToggleLow() {
      this.setData({ lowOnly: !this.data.lowOnly });
      this.reload();
    },
    reload() {
      this.setData({ items: [], page: 0, hasMore: true, seen: currentVersion() });
      return this.loadPage(1);
    },
    async loadPage(page: number) {
      this.setData({ loading: true, error: '' });
      try {
        const r = await productsService.list({ keyword: this.data.keyword, lowOnly: this.data.lowOnly, page, pageSize: PAGE_SIZE });
        // The list is newest-changed first: a row edited meanwhile may come again on a later page.
        const have = new Set(page === 1 ? [] : this.data.items.map((row) => row._id));
        const rows = r.items.map((p) => rowOf(p, p.coverUrl)).filter((row) => !have.has(row._id));
        // Append with path updates: a setData carries the new page only.
        const start = page === 1 ? 0 : this.data.items.length;
        const patch: Record<string, unknown> = page === 1 ? { items: rows } : {};
        if (page > 1) rows.forEach((row, k) => (patch[`items[${start + k}]`] = row));
        this.setData({ ...patch, page, hasMore: r.hasMore, loading: false });
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
        else if (this.data.role === 'clerk') unknownCode(code);
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
