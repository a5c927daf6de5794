// 开单详情: one quick sale — customer (or 散客), who sold it when, its products with what has come
// back, the payment (method, paid, owed, change), the returns and exchanges made from it — and for
// the owner or manager 退货 / 换货 through the return sheet (scan what comes back).
import type { ActionOutput } from '../../../../../typings/api';
import type { SheetLine } from '../../components/return-sheet/index';
import { errorMessage } from '../../../../services/api';
import { chinaTime, queryText } from '../../../../services/purchasing';
import { payMethodLabel, quickSalesService, ReturnRecord, returnRecordOf } from '../../../../services/sales';
import { shopService } from '../../../../services/shop';

type Detail = ActionOutput<'stock.sale'>;

function viewOf(d: Detail) {
  const s = d.sale;
  const pay = s.payment;
  return {
    customerName: d.customerName || '散客',
    at: chinaTime(s.createdAt),
    by: s.operator.name,
    note: s.note,
    reversed: d.reversed,
    amountFen: s.totals.amountFen ?? 0,
    profitFen: s.totals.profitFen,
    payMethod: pay ? payMethodLabel(pay.method) : '',
    discountFen: pay?.discountFen ?? 0,
    paidFen: pay?.paidFen ?? 0,
    owedFen: pay?.owedFen ?? 0,
    changeFen: pay?.changeFen ?? 0,
    lines: d.lines.map((l) => ({ ...l, soldText: `${l.soldQty}${l.baseUnit}`, returnedText: l.returnedQty ? `已退 ${l.returnedQty}${l.baseUnit}` : '' })),
    returnable: d.lines.some((l) => l.returnableQty > 0),
    onCredit: pay?.method === 'credit',
  };
}

Component({
  data: {
    id: '',
    loading: true,
    loadError: '',
    role: '',
    sale: null as ReturnType<typeof viewOf> | null,
    returns: [] as ReturnRecord[],
    showReturn: false,
    startExchange: false,
    returnLines: [] as SheetLine[],
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: queryText(query.id) });
      shopService
        .mine()
        .then((m) => this.setData({ role: m.member?.role ?? '' }))
        .catch(() => undefined); // the sale's own load reports the network
      return this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, loadError: '没有指定开单' });
        return;
      }
      this.setData({ loading: !this.data.sale, loadError: '' });
      try {
        const d = await quickSalesService.get(this.data.id);
        this.setData({
          loading: false,
          sale: viewOf(d),
          returns: d.returns.map(returnRecordOf),
          // what the sheet offers: each product with what can still come back
          returnLines: d.lines.map((l) => ({ productId: l.productId, productName: l.productName, baseUnit: l.baseUnit, max: l.returnableQty, hint: l.returnableQty < l.soldQty ? `可退 ${l.returnableQty}${l.baseUnit}，共卖 ${l.soldQty}` : `可退 ${l.returnableQty}${l.baseUnit}` })),
        });
      } catch (e) {
        this.setData({ loading: false, loadError: errorMessage(e) });
      }
    },
    openReturn(e: WechatMiniprogram.TouchEvent) {
      this.setData({ showReturn: true, startExchange: e.currentTarget.dataset.mode === 'exchange' });
    },
    closeReturn() {
      this.setData({ showReturn: false });
    },
    async onReturned() {
      this.setData({ showReturn: false });
      await this.load();
    },
  },
});
