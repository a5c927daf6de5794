// 客户对账单 (owner and manager): what the customer owed at the start of the period (this month by
// default), every credit sale, return, reversal and 收款 with the running balance, and what they owe
// at the end — to read out or copy into the chat.
import { statementPeriod, StatementPeriodData } from '../../../../behaviors/statement-period';
import { customersService } from '../../../../services/customers';
import { queryText } from '../../../../services/purchasing';
import { formatMoney } from '../../../../utils/money';

type Entry = StatementPeriodData['entries'][number];

/** The statement as text for the chat: period, opening, each movement, closing. */
function statementText(name: string, from: string, to: string, openingFen: number, entries: Entry[], closingFen: number): string {
  return [
    `${name} 对账单 ${from} 至 ${to}`,
    `期初欠款 ${formatMoney(openingFen)}`,
    ...entries.map((e) => `${e.atText} ${e.label} ${e.amountFen > 0 ? '+' : ''}${formatMoney(e.amountFen)}，余 ${formatMoney(e.balanceFen)}`),
    `期末欠款 ${formatMoney(closingFen)}`,
  ].join('\n');
}

Component({
  behaviors: [statementPeriod],
  data: {
    customerId: '',
    customerName: '',
  },
  methods: {
    onLoad(query: { customerId?: string; name?: string }) {
      this.setData({ customerId: query.customerId ?? '', customerName: queryText(query.name) });
      this.thisMonth();
      return this.load();
    },
    async fetchStatement(from: string, to: string) {
      const s = await customersService.statement(this.data.customerId, from, to);
      this.setData({ customerName: s.customerName });
      return s;
    },
    onCopy() {
      const d = this.data;
      wx.setClipboardData({ data: statementText(d.customerName, d.from, d.to, d.openingFen, d.entries, d.closingFen), success: () => wx.showToast({ title: '已复制，可粘贴到微信', icon: 'none' }) });
    },
  },
});
