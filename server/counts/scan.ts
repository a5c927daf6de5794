// One counted scan (or typed number) in one small transaction: the product's count line and its
// balance are read together, so the line records the book quantity of the same moment. Lines are
// per product, merged over every counter: two clerks scanning one product both count (a write
// conflict retries the later one on the line as the earlier one left it).
import type { CountLine, Product, StockBalance, StockCount } from '../../typings/models';
import { AppError } from '../core/errors';
import type { MemberContext } from '../core/router';
import { balanceId } from '../posting/engine';
import { countLineId } from './count';

/** request ids a line remembers: enough for any retry of a scan still in flight */
const REMEMBERED_SCANS = 50;

export interface ScanInput {
  requestId: string;
  mode: 'add' | 'set';
  /** base units */
  qty: number;
  batchNo?: string;
  expiryDate?: string;
}

export async function countScan(ctx: MemberContext, count: StockCount, product: Product, input: ScanInput): Promise<{ line: CountLine; replayed: boolean }> {
  const id = countLineId(count._id, product._id);
  const who = { openid: ctx.openid, name: ctx.member.name };
  return ctx.db.transaction(async (tx) => {
    const [found, balance] = await Promise.all([tx.get<CountLine>('count_lines', id), tx.get<StockBalance>('stock', balanceId(count.shopId, count.warehouseId, product._id))]);
    if (found?.requestIds.includes(input.requestId)) return { line: { ...found, _id: id }, replayed: true };
    const line: CountLine = found
      ? { ...found, _id: id }
      : { _id: id, shopId: count.shopId, countId: count._id, productId: product._id, productName: product.name, baseUnit: product.baseUnit, batchTracked: product.batchTracked, countedQty: 0, bookQty: 0, batches: [], reason: null, countedBy: [], countedAt: '', scans: 0, requestIds: [] };
    const next = (current: number) => (input.mode === 'add' ? current + input.qty : input.qty);
    if (product.batchTracked) {
      if (!input.batchNo) {
        const batches = (balance?.batches ?? []).filter((b) => b.qty !== 0).map((b) => ({ batchNo: b.batchNo, expiryDate: b.expiryDate }));
        throw new AppError('E_VALIDATION', `「${product.name}」按批次管理：请选择批号`, { kind: 'batch_required', productId: product._id, batches });
      }
      const onBook = balance?.batches.find((b) => b.batchNo === input.batchNo);
      if (!onBook && !input.expiryDate && !line.batches.some((b) => b.batchNo === input.batchNo)) {
        throw new AppError('E_VALIDATION', `「${product.name}」批号 ${input.batchNo} 账上没有：请填写到期日`, { kind: 'expiry_required', productId: product._id, batchNo: input.batchNo });
      }
      const counted = line.batches.find((b) => b.batchNo === input.batchNo);
      const batch = { batchNo: input.batchNo, expiryDate: onBook?.expiryDate ?? counted?.expiryDate ?? input.expiryDate ?? null, countedQty: next(counted?.countedQty ?? 0), bookQty: onBook?.qty ?? 0 };
      line.batches = [...line.batches.filter((b) => b.batchNo !== input.batchNo), batch].sort((a, b) => (a.batchNo < b.batchNo ? -1 : 1));
      line.countedQty = line.batches.reduce((s, b) => s + b.countedQty, 0);
      line.bookQty = line.batches.reduce((s, b) => s + b.bookQty, 0);
    } else {
      line.countedQty = next(line.countedQty);
      line.bookQty = balance?.qty ?? 0;
    }
    line.countedBy = line.countedBy.some((c) => c.openid === who.openid) ? line.countedBy : [...line.countedBy, who];
    line.countedAt = new Date().toISOString();
    line.scans += 1;
    line.requestIds = [...line.requestIds, input.requestId].slice(-REMEMBERED_SCANS);
    await tx.set('count_lines', id, line as unknown as Record<string, unknown>);
    return { line, replayed: false };
  });
}
