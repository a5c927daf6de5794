// What every document's line shares (采购单, 销售单, 调拨单): an id within the document, the product
// with its name and base unit as of now, the unit typed (default per document type) and how many,
// in that unit and in base units. One line per product: a second line of the same product is
// refused, so receipts and shipments can name lines by product unambiguously.
import type { DocumentLineBase, Product } from '../../typings/models';
import { AppError } from '../core/errors';
import type { LineTarget, Resolved } from '../stock/lines';
import { unitFactor } from '../stock/lines';


export function documentLines<T extends LineTarget>(resolved: Resolved<T>[], defaultUnit: (p: Product) => string): DocumentLineBase[] {
  const seen = new Set<string>();
  return resolved.map((r, i) => {
    if (seen.has(r.product._id)) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：「${r.product.name}」已在单中，请合并成一行`, { line: i });
    seen.add(r.product._id);
    const unit = r.input.unit ?? defaultUnit(r.product);
    const factor = unitFactor(r.product, unit)!;
    return { lineId: `L${i + 1}`, productId: r.product._id, productName: r.product.name, baseUnit: r.product.baseUnit, unit, factor, qty: r.input.qty, baseQty: r.input.qty * factor };
  });
}
