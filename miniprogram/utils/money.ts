// Money: integer fen everywhere it is stored; decimal.js for every computation; yuan only on screen.
import Decimal from 'decimal.js';

export { Decimal };

/** "12.5" / "12.50" / "12" yuan → 1250 fen; null when not a valid amount with at most 2 decimals. */
export function yuanToFen(text: string): number | null {
  const t = String(text ?? '').trim();
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return new Decimal(t).times(100).toNumber();
}

/** 1250 → "12.50" */
export function fenToYuan(fen: number): string {
  return new Decimal(fen || 0).dividedBy(100).toFixed(2);
}

/** 1250 → "¥12.50" */
export function formatMoney(fen: number): string {
  const negative = fen < 0;
  return `${negative ? '-' : ''}¥${fenToYuan(Math.abs(fen))}`;
}

/** Rounds a decimal amount of fen to whole fen, half up (how a till rounds). */
export function roundFen(value: Decimal.Value): number {
  return new Decimal(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}
