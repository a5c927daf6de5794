// Quantities in the units a merchant counts in: 134 罐 with 1 箱 = 24 罐 is "5箱14罐".

export interface PackUnit {
  name: string;
  factor: number;
}

/**
 * The quantity in whole purchase units and the rest in base units ("5箱14罐", "5箱", "14罐");
 * '' when the product has no purchase unit (nothing to add to "134罐"). Negative quantities keep
 * their sign in front.
 */
export function inPurchaseUnits(qty: number, baseUnit: string, unit: PackUnit | null | undefined): string {
  if (!unit || !(unit.factor > 1) || !Number.isFinite(qty)) return '';
  const sign = qty < 0 ? '-' : '';
  const abs = Math.abs(qty);
  const packs = Math.floor(abs / unit.factor);
  const rest = abs - packs * unit.factor;
  if (packs === 0) return `${sign}${rest}${baseUnit}`;
  return `${sign}${packs}${unit.name}${rest ? `${rest}${baseUnit}` : ''}`;
}

/** "134罐（5箱14罐）", or "134罐" when the product has no purchase unit or less than one pack. */
export function stockText(qty: number, baseUnit: string, unit: PackUnit | null | undefined): string {
  const packs = Math.abs(qty) >= (unit?.factor ?? Infinity) ? inPurchaseUnits(qty, baseUnit, unit) : '';
  return packs ? `${qty}${baseUnit}（${packs}）` : `${qty}${baseUnit}`;
}
