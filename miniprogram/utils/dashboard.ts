// What the home page shows of reports.dashboard (pure: tested without rendering): money in yuan,
// today against yesterday and the same weekday last week, and the bars of the last 7 or 30 days.
import type { Dashboard, DayFigures } from '../../typings/api/reports';
import { formatMoney } from './money';

export interface Compare {
  label: string;
  /** '+12%', '-3%', '持平', or '—' when the other day had nothing */
  text: string;
  trend: 'up' | 'down' | 'flat';
}

export function compareText(label: string, now: number, then: number): Compare {
  if (then <= 0) return { label, text: now > 0 ? '新增' : '—', trend: now > 0 ? 'up' : 'flat' };
  const pct = Math.round(((now - then) / then) * 100);
  if (pct === 0) return { label, text: '持平', trend: 'flat' };
  return { label, text: `${pct > 0 ? '+' : ''}${pct}%`, trend: pct > 0 ? 'up' : 'down' };
}

export interface DayBar {
  day: string;
  height: number;
  title: string;
  label: string;
}

/** Bars of the last `days` days, height in % of the best day; a label under the first, middle and last. */
export function dayBars(series: Dashboard['series'], days: 7 | 30): DayBar[] {
  const rows = series.slice(-days);
  const max = Math.max(0, ...rows.map((r) => r.amountFen));
  return rows.map((r, i) => ({
    day: r.day,
    height: max > 0 ? Math.max(2, Math.round((Math.max(0, r.amountFen) / max) * 100)) : 2,
    title: `${r.day.slice(5)} ${formatMoney(r.amountFen)}`,
    label: i === 0 || i === rows.length - 1 || (days === 7 ? true : i === Math.floor(rows.length / 2)) ? (i === rows.length - 1 ? '今天' : r.day.slice(5)) : '',
  }));
}

export function figuresView(d: Dashboard) {
  const f = (x: DayFigures) => ({ amount: formatMoney(x.amountFen), orders: x.orders, profit: x.profitFen === null ? null : formatMoney(x.profitFen) });
  return {
    today: f(d.figures.today),
    compares: [compareText('比昨天', d.figures.today.amountFen, d.figures.yesterday.amountFen), compareText('比上周同日', d.figures.today.amountFen, d.figures.lastWeek.amountFen)],
    stockValue: d.stockValueFen === null ? null : formatMoney(d.stockValueFen),
    bestSellers: d.bestSellers.map((b, i) => ({ rank: i + 1, productId: b.productId, name: b.productName, qty: b.qty, amount: formatMoney(b.amountFen) })),
    mine: d.scope === 'mine',
  };
}
