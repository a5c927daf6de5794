// A statement (对账单) of one party over [from, to] (China-time days): the movements of what is owed,
// in time order, folded into an opening balance, the period's entries with a running balance, and
// the closing balance. Suppliers (应付) and customers (应收) feed it their own movements.
import { chinaDay } from '../posting/engine';

export interface Movement<K extends string> {
  at: string;
  kind: K;
  label: string;
  ref: string;
  /** + adds to what is owed, − reduces it (fen) */
  amountFen: number;
}

export function runningStatement<K extends string>(moves: Movement<K>[], from: string, to: string) {
  const sorted = [...moves].sort((a, b) => a.at.localeCompare(b.at));
  let balance = 0;
  let openingFen = 0;
  const entries: (Movement<K> & { balanceFen: number })[] = [];
  for (const m of sorted) {
    const day = chinaDay(new Date(m.at));
    if (day > to) break;
    balance += m.amountFen;
    if (day < from) openingFen = balance;
    else entries.push({ ...m, balanceFen: balance });
  }
  return { openingFen, entries, closingFen: balance };
}
