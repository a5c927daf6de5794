// How a counted line shows while counting. Book quantity and difference appear only when the
// server sent them (never to a clerk in a blind count): no placeholder hints that they exist.
import type { CountLineView } from '../../../../../typings/api/counts';

export interface SessionLine {
  productId: string;
  productName: string;
  baseUnit: string;
  batchTracked: boolean;
  countedQty: number;
  batchNos: string[];
  batchText: string;
  /** "账面 10瓶 · 差 +2", '' when the book is hidden */
  bookText: string;
  diffClass: string;
  whoText: string;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function sessionLine(l: CountLineView): SessionLine {
  const hasBook = typeof l.bookQty === 'number';
  const diff = l.diffQty ?? 0;
  return {
    productId: l.productId,
    productName: l.productName,
    baseUnit: l.baseUnit,
    batchTracked: l.batchTracked,
    countedQty: l.countedQty,
    batchNos: l.batches.map((b) => b.batchNo),
    batchText: l.batches.map((b) => `${b.batchNo}: ${b.countedQty}`).join(' · '),
    bookText: hasBook ? `账面 ${l.bookQty}${l.baseUnit} · ${diff === 0 ? '无差异' : `差 ${signed(diff)}`}` : '',
    diffClass: !hasBook || diff === 0 ? '' : diff > 0 ? 'line__book--gain' : 'line__book--loss',
    whoText: `${l.countedBy.map((c) => c.name).join('、')} · ${l.scans} 次`,
  };
}
