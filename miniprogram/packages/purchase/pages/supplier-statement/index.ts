// 供应商对账单: opening, every receipt / return / payment of the period (this month by default),
// closing; and 付款, which lowers what the shop owes.
import { moneySheet, PayMethod } from '../../../../behaviors/money-sheet';
import { statementPeriod } from '../../../../behaviors/statement-period';
import { purchasingService, queryText } from '../../../../services/purchasing';

Component({
  behaviors: [statementPeriod, moneySheet('付')],
  data: {
    supplierId: '',
    supplierName: '',
  },
  methods: {
    onLoad(query: { supplierId?: string; name?: string }) {
      this.setData({ supplierId: query.supplierId ?? '', supplierName: queryText(query.name) });
      this.thisMonth();
      return this.load();
    },
    async fetchStatement(from: string, to: string) {
      const s = await purchasingService.statement(this.data.supplierId, from, to);
      this.setData({ supplierName: s.supplierName });
      return s;
    },
    payDefaultFen(): number {
      return Math.max(this.data.closingFen, 0);
    },
    /** 付款 lowers what the shop owes; the statement is read again. */
    async submitPayment(requestId: string, amountFen: number, method: PayMethod, note: string) {
      const r = await purchasingService.pay({ requestId, supplierId: this.data.supplierId, amountFen, method, note });
      await this.load(); // reports its own failure: the payment itself is done
      return r;
    },
  },
});
