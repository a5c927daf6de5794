// A statement (对账单) of a supplier or a customer over a period: this month by default, opening,
// each movement with its running balance, closing; the period changed by two date pickers reloads
// it. The host implements fetchStatement(from, to) and keeps the party's name it answers.
import { errorMessage } from '../services/api';
import { chinaTime, chinaToday } from '../services/purchasing';

export interface StatementRow {
  at: string;
  label: string;
  amountFen: number;
  balanceFen: number;
}

export interface StatementPeriodData {
  from: string;
  to: string;
  loading: boolean;
  error: string;
  openingFen: number;
  closingFen: number;
  entries: (StatementRow & { key: string; atText: string })[];
}

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: StatementPeriodData;
  fetchStatement(from: string, to: string): Promise<{ openingFen: number; closingFen: number; entries: StatementRow[] }>;
  load(): Promise<void>;
};

const host = (self: unknown) => self as Host;

export const statementPeriod = Behavior({
  data: { from: '', to: '', loading: true, error: '', openingFen: 0, closingFen: 0, entries: [] } as StatementPeriodData,
  methods: {
    /** From the 1st of this month (China time) to today. */
    thisMonth() {
      const today = chinaToday();
      host(this).setData({ from: `${today.slice(0, 8)}01`, to: today });
    },
    async load() {
      const h = host(this);
      h.setData({ loading: h.data.entries.length === 0, error: '' });
      try {
        const s = await h.fetchStatement(h.data.from, h.data.to);
        h.setData({ loading: false, openingFen: s.openingFen, closingFen: s.closingFen, entries: s.entries.map((e, i) => ({ ...e, key: `${i}`, atText: chinaTime(e.at) })) });
      } catch (e) {
        h.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onFrom(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      host(this).setData({ from: e.detail.value });
      return host(this).load();
    },
    onTo(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      host(this).setData({ to: e.detail.value });
      return host(this).load();
    },
  },
});
