// A product: its stock per warehouse (also in purchase units) and its ledger (who moved what, when,
// why), newest first; 入库 and 编辑 stay at the bottom of the screen.
import type { ProductDetail } from '../../../../../typings/api/products';
import type { LedgerEntry } from '../../../../../typings/api/stock';
import type { Role } from '../../../../../typings/models';
import { errorMessage } from '../../../../services/api';
import { changesSince, currentVersion } from '../../../../services/changes';
import { productsService } from '../../../../services/products';
import { shopService } from '../../../../services/shop';
import { stockService } from '../../../../services/stock';
import { stockText } from '../../../../utils/units';
import { chinaToday } from '../../../../utils/expiry';

interface LedgerRow extends LedgerEntry {
  time: string;
  qtyText: string;
}

function ledgerRow(e: LedgerEntry): LedgerRow {
  const d = new Date(e.createdAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { ...e, time: `${d.getMonth() + 1}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`, qtyText: e.qty > 0 ? `+${e.qty}` : String(e.qty) };
}

Component({
  data: {
    id: '',
    loading: true,
    error: '',
    detail: null as ProductDetail | null,
    ledger: [] as LedgerRow[],
    ledgerPage: 0,
    ledgerHasMore: false,
    ledgerLoading: false,
    onHandText: '',
    /** 从未盘点, or the China day of the last posted count */
    lastCountedText: '',
    /** per warehouse, in the same order as detail.balances */
    balanceTexts: [] as string[],
    role: '' as Role | '',
    seen: 0,
    /** temporary URLs of the product's images (the first is shown; tapping it pages through all) */
    imageUrls: [] as string[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      shopService
        .mine()
        .then((mine) => this.setData({ role: mine.member?.role ?? '' }))
        .catch(() => undefined);
      this.load();
    },
    onShow() {
      // Back from 编辑 or 入库: reload only when this product changed.
      if (!this.data.detail) return;
      const changes = changesSince(this.data.seen);
      if (changes.reload || changes.updated.includes(this.data.id)) this.load();
    },
    async load() {
      this.setData({ loading: true, error: '', seen: currentVersion() });
      try {
        const [detail, ledger] = await Promise.all([productsService.get(this.data.id), stockService.ledger(this.data.id, 1)]);
        const p = detail.product;
        this.setData({
          loading: false,
          detail,
          onHandText: stockText(p.onHand, p.baseUnit, p.purchaseUnit),
          lastCountedText: p.lastCountedAt ? chinaToday(new Date(p.lastCountedAt)) : '从未盘点',
          balanceTexts: detail.balances.map((b) => stockText(b.qty, p.baseUnit, p.purchaseUnit)),
          ledger: ledger.items.map(ledgerRow),
          ledgerPage: 1,
          ledgerHasMore: ledger.hasMore,
        });
        wx.setNavigationBarTitle?.({ title: detail.product.name });
        this.loadImages(p.images);
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    /** One call for all the images; a picture that cannot load is no reason to fail the page. */
    async loadImages(fileIDs: string[]) {
      if (!fileIDs.length) return this.setData({ imageUrls: [] });
      try {
        const { urls } = await productsService.imageUrls(fileIDs);
        this.setData({ imageUrls: urls.map((u) => u.tempFileURL).filter(Boolean) });
      } catch {
        this.setData({ imageUrls: [] });
      }
    },
    onPreviewImage() {
      wx.previewImage({ urls: this.data.imageUrls, current: this.data.imageUrls[0] });
    },
    async onMoreLedger() {
      if (this.data.ledgerLoading || !this.data.ledgerHasMore) return;
      this.setData({ ledgerLoading: true });
      try {
        const r = await stockService.ledger(this.data.id, this.data.ledgerPage + 1);
        this.setData({ ledger: [...this.data.ledger, ...r.items.map(ledgerRow)], ledgerPage: this.data.ledgerPage + 1, ledgerHasMore: r.hasMore, ledgerLoading: false });
      } catch (e) {
        this.setData({ ledgerLoading: false, error: errorMessage(e) });
      }
    },
    onReachBottom() {
      this.onMoreLedger();
    },
    onEdit() {
      wx.navigateTo({ url: `/packages/catalog/pages/edit/index?id=${this.data.id}` });
    },
    onReceive() {
      wx.navigateTo({ url: `/packages/purchase/pages/receive/index?productId=${this.data.id}` });
    },
  },
});
