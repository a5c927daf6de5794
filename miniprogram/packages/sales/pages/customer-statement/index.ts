// 客户对账单 (owner and manager): what the customer owed at the start of the period (this month by
// default), every credit sale, return, reversal and 收款 with the running balance, and what they owe
// at the end — to read out or copy into the chat.
import type { CustomerStatementEntry } from '../../../../../typings/api/customers';
import { errorMessage } from '../../../../services/api';
import { customersService } from '../../../../services/customers';
import { chinaTime, chinaToday, queryText } from '../../../../services/purchasing';
import { formatMoney } from '../../../../utils/money';

type Entry = CustomerStatementEntry & { key: string; atText: string };

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
  data: {
    customerId: '',
    customerName: '',
    from: '',
    to: '',
    loading: true,
    error: '',
    openingFen: 0,
    closingFen: 0,
    entries: [] as Entry[],
  },
  methods: {
    onLoad(query: { customerId?: string; name?: string }) {
      const today = chinaToday();
      this.setData({ customerId: query.customerId ?? '', customerName: queryText(query.name), from: `${today.slice(0, 8)}01`, to: today });
      return this.load();
    },
    async load() {
      this.setData({ loading: this.data.entries.length === 0, error: '' });
      try {
        const s = await customersService.statement(this.data.customerId, this.data.from, this.data.to);
        this.setData({
          loading: false,
          customerName: s.customerName,
          openingFen: s.openingFen,
          closingFen: s.closingFen,
          entries: s.entries.map((e, i) => ({ ...e, key: `${i}`, atText: chinaTime(e.at) })),
        });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onFrom(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ from: e.detail.value });
      this.load();
    },
    onTo(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ to: e.detail.value });
      this.load();
    },
    onCopy() {
      const d = this.data;
      wx.setClipboardData({ data: statementText(d.customerName, d.from, d.to, d.openingFen, d.entries, d.closingFen), success: () => wx.showToast({ title: '已复制，可粘贴到微信', icon: 'none' }) });
    },
  },
});
