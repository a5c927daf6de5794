// Rules of goods coming in that every inbound document shares (quick receipt, opening balance,
// receipt against a purchase order): a batch-tracked line names its batch and a real expiry date,
// and an already expired batch comes in only when the user confirmed it.
import type { Product } from '../../typings/models';
import { AppError } from '../core/errors';
import { chinaDay } from '../posting/engine';

export function requireBatch(p: Product, line: { batchNo?: string; expiryDate?: string }, i: number): void {
  if (!p.batchTracked) return;
  if (!line.batchNo) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：商品「${p.name}」按批次管理，请填写批号`, { line: i });
  if (!line.expiryDate) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：商品「${p.name}」按批次管理，请填写到期日`, { line: i });
}

/** E_CONFIRM_REQUIRED (details.kind 'expired_batch', the line indexes) unless the user confirmed. */
export function refuseUnconfirmedExpired(lines: { product: Product; input: { batchNo?: string; expiryDate?: string } }[], now: Date, confirmed: boolean): void {
  const today = chinaDay(now);
  const expired = lines.flatMap((l, i) => (l.product.batchTracked && l.input.expiryDate && l.input.expiryDate < today ? [i] : []));
  if (expired.length === 0 || confirmed) return;
  const names = expired.map((i) => `第 ${i + 1} 行「${lines[i].product.name}」批号 ${lines[i].input.batchNo}（${lines[i].input.expiryDate} 到期）`).join('、');
  throw new AppError('E_CONFIRM_REQUIRED', `${names} 已过期，确定要入库吗？`, { kind: 'expired_batch', lines: expired });
}
