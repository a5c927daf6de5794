// 开单: scan to add lines, adjust, pick how the customer paid, submit once.
import type { PaymentMethod } from '../../../typings/models';
import { scanDocument } from '../../behaviors/scan-document';
import { stockService } from '../../services/stock';
import type { CartLine } from '../../utils/cart';

Component({
  behaviors: [scanDocument],
  data: {
    priceKind: 'sale',
    payment: 'wechat' as PaymentMethod,
    payments: [
      { value: 'wechat', label: '微信' },
      { value: 'cash', label: '现金' },
      { value: 'alipay', label: '支付宝' },
      { value: 'credit', label: '赊账' },
    ],
  },
  methods: {
    onPayment(e: WechatMiniprogram.CustomEvent) {
      this.setData({ payment: e.detail as unknown as PaymentMethod });
    },
    async submitDocument(lines: CartLine[], requestId: string): Promise<string> {
      const sale = await stockService.sell({
        requestId,
        lines: lines.map((l) => ({ productId: l.productId, qty: l.qty, unitPriceFen: l.priceFen })),
        payment: { method: this.data.payment },
      });
      return `已收 ¥${((sale.totals.amountFen ?? 0) / 100).toFixed(2)}`;
    },
  },
});
