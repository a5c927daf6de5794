// The picture of a sales order to send in the customer's chat: shop, number, customer and address,
// the lines, totals, what is paid and what is still owed, the shipments' tracking numbers. Laid out
// first (a list of drawing operations and the height they need, so the canvas can be sized), then
// painted on any context with the few calls below: a canvas 2d context in the mini program, a
// recording fake in tests, an SVG writer for the screenshots.
import { fenToYuan } from './money';

/** What the painter uses of a CanvasRenderingContext2D. */
export interface PictureContext {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

export interface PictureOrder {
  shopName: string;
  no: string;
  /** as the shop reads it: 2026-11-23 10:05 */
  date: string;
  statusLabel: string;
  customerName: string;
  address: { name: string; phone: string; address: string } | null;
  lines: { productName: string; qty: number; unit: string; unitPriceFen: number; discountFen: number; amountFen: number }[];
  discountFen: number;
  shippingFeeFen: number;
  totalFen: number;
  paidFen: number;
  onCredit: boolean;
  shipments: { carrier: string; trackingNo: string }[];
  note: string;
}

export type PictureOp =
  | { kind: 'text'; text: string; x: number; y: number; font: string; color: string; align: 'left' | 'right' | 'center' }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; color: string };

export interface PictureLayout {
  width: number;
  height: number;
  ops: PictureOp[];
}

/** The picture's width in CSS px (one phone screen); the page scales by the pixel ratio. */
export const PICTURE_WIDTH = 375;
const PAD = 20;
const FONT_FAMILY = '"PingFang SC", "Noto Sans CJK SC", sans-serif';
const font = (size: number, bold = false) => `${bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}`;
const INK = '#323233';
const MUTED = '#969799';
const RED = '#ee0a24';
const RULE = '#ebedf0';
const yuan = (fen: number) => `¥${fenToYuan(fen)}`;

/** Measures a text in a font (the context's own measureText in the mini program). */
export type Measure = (text: string, font: string) => number;

/** Breaks a text into lines no wider than `width` (characters, so Chinese without spaces wraps too). */
export function wrapText(text: string, width: number, fontSpec: string, measure: Measure): string[] {
  const lines: string[] = [];
  let current = '';
  for (const ch of Array.from(text)) {
    if (current && measure(current + ch, fontSpec) > width) {
      lines.push(current);
      current = ch;
    } else current += ch;
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

export function layoutOrderPicture(order: PictureOrder, measure: Measure): PictureLayout {
  const ops: PictureOp[] = [];
  const right = PICTURE_WIDTH - PAD;
  const inner = PICTURE_WIDTH - PAD * 2;
  let y = PAD;
  const text = (t: string, x: number, size: number, opts: { bold?: boolean; color?: string; align?: 'left' | 'right' | 'center' } = {}) =>
    ops.push({ kind: 'text', text: t, x, y, font: font(size, opts.bold), color: opts.color ?? INK, align: opts.align ?? 'left' });
  /** A paragraph wrapped to the width; y moves past it. */
  const para = (t: string, size: number, color = INK, width = inner) => {
    for (const line of wrapText(t, width, font(size), measure)) {
      text(line, PAD, size, { color });
      y += size + 6;
    }
  };
  const rule = () => {
    y += 4;
    ops.push({ kind: 'line', x1: PAD, y1: y, x2: right, y2: y, color: RULE });
    y += 12;
  };
  /** A label on the left and an amount on the right, on one row. */
  const row = (label: string, value: string, opts: { bold?: boolean; color?: string; size?: number } = {}) => {
    const size = opts.size ?? 14;
    text(label, PAD, size, { color: opts.bold ? INK : MUTED, bold: opts.bold });
    text(value, right, size, { color: opts.color ?? INK, bold: opts.bold, align: 'right' });
    y += size + 10;
  };

  for (const line of wrapText(order.shopName, inner, font(20, true), measure)) {
    text(line, PICTURE_WIDTH / 2, 20, { bold: true, align: 'center' });
    y += 28;
  }
  text(`销售单 ${order.no}`, PICTURE_WIDTH / 2, 13, { color: MUTED, align: 'center' });
  y += 20;
  text(`${order.date} · ${order.statusLabel}`, PICTURE_WIDTH / 2, 13, { color: MUTED, align: 'center' });
  y += 22;
  rule();

  para(`客户：${order.customerName}`, 14);
  if (order.address) {
    para(`收货：${order.address.name} ${order.address.phone}`, 14);
    para(order.address.address, 14, MUTED);
  }
  rule();

  for (const l of order.lines) {
    const amountText = yuan(l.amountFen);
    const nameWidth = inner - measure(amountText, font(15, true)) - 12;
    const nameLines = wrapText(l.productName, nameWidth, font(15), measure);
    text(amountText, right, 15, { bold: true, align: 'right' });
    for (const n of nameLines) {
      text(n, PAD, 15);
      y += 21;
    }
    const detail = `${l.qty}${l.unit} × ${yuan(l.unitPriceFen)}${l.discountFen > 0 ? `  优惠 ${yuan(l.discountFen)}` : ''}`;
    text(detail, PAD, 12, { color: MUTED });
    y += 24;
  }
  rule();

  if (order.discountFen > 0) row('整单优惠', `-${yuan(order.discountFen)}`);
  if (order.shippingFeeFen > 0) row('运费', yuan(order.shippingFeeFen));
  row('合计', yuan(order.totalFen), { bold: true, size: 18 });
  row('已付', yuan(order.paidFen));
  const due = Math.max(0, order.totalFen - order.paidFen);
  if (due > 0) row(order.onCredit ? '赊账未付' : '待付', yuan(due), { color: RED, bold: true });
  else row('付款', '已付清', { color: '#07c160' });

  if (order.shipments.length > 0 || order.note) rule();
  for (const s of order.shipments) para(`快递：${[s.carrier, s.trackingNo].filter(Boolean).join(' ') || '已发货'}`, 13);
  if (order.note) para(`备注：${order.note}`, 13, MUTED);

  y += 8;
  text('谢谢惠顾', PICTURE_WIDTH / 2, 13, { color: MUTED, align: 'center' });
  y += 13 + PAD;
  return { width: PICTURE_WIDTH, height: Math.ceil(y), ops: [{ kind: 'rect', x: 0, y: 0, w: PICTURE_WIDTH, h: Math.ceil(y), color: '#ffffff' }, ...ops] };
}

/** Paints a layout: texts are placed by their top (textBaseline top), as the layout measured them. */
export function paintOrderPicture(ctx: PictureContext, layout: PictureLayout): void {
  ctx.textBaseline = 'top';
  for (const op of layout.ops) {
    if (op.kind === 'rect') {
      ctx.fillStyle = op.color;
      ctx.fillRect(op.x, op.y, op.w, op.h);
    } else if (op.kind === 'line') {
      ctx.strokeStyle = op.color;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(op.x1, op.y1);
      ctx.lineTo(op.x2, op.y2);
      ctx.stroke();
    } else {
      ctx.font = op.font;
      ctx.fillStyle = op.color;
      ctx.textAlign = op.align;
      ctx.fillText(op.text, op.x, op.y);
    }
  }
}

/** A context's measureText as a Measure. */
export const measureWith = (ctx: Pick<PictureContext, 'font' | 'measureText'>): Measure => (t, f) => {
  ctx.font = f;
  return ctx.measureText(t).width;
};
