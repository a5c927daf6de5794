// Chart geometry (pure: unit-tested; the component only replays the shapes on a canvas 2d).
// Line (a series over days), bar (a ranking) and share (a pie with its legend); negative values
// (a day of returns) draw at zero height but keep their label.
export interface Point {
  label: string;
  value: number;
}

export type Shape =
  | { type: 'rect'; x: number; y: number; w: number; h: number; color: string }
  | { type: 'path'; points: [number, number][]; color: string; width: number }
  | { type: 'arc'; cx: number; cy: number; r: number; start: number; end: number; color: string }
  | { type: 'text'; x: number; y: number; text: string; color: string; align: 'left' | 'center' | 'right'; size: number };

export const PALETTE = ['#1989fa', '#07c160', '#ff976a', '#ee0a24', '#7232dd', '#ffd01e', '#00bcd4', '#969799'];
const AXIS = '#c8c9cc';
const TEXT = '#646566';
const PAD = { left: 8, right: 8, top: 16, bottom: 20 };

/** The label cut to what fits in `room` px at `size` px (Chinese characters a full em, others about half). */
export function fitLabel(label: string, room: number, size: number): string {
  let width = 0;
  let out = '';
  for (const ch of Array.from(label)) {
    width += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.6;
    if (width > room && out) break;
    out += ch;
  }
  return out;
}

/** A figure short enough to sit above a bar: 1234.5 → 1235, 12.34 → 12.3, 23456 → 2.3万. */
export function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 10000) return `${Number((value / 10000).toFixed(1))}万`;
  return abs >= 100 ? String(Math.round(value)) : String(Number(value.toFixed(1)));
}

export function lineShapes(points: Point[], width: number, height: number): Shape[] {
  if (!points.length) return [];
  const max = Math.max(0, ...points.map((p) => p.value));
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length === 1 ? w / 2 : (i / (points.length - 1)) * w);
  const y = (v: number) => PAD.top + h - (max > 0 ? (Math.max(0, v) / max) * h : 0);
  const shapes: Shape[] = [{ type: 'path', points: [[PAD.left, PAD.top + h], [PAD.left + w, PAD.top + h]], color: AXIS, width: 1 }];
  shapes.push({ type: 'path', points: points.map((p, i) => [x(i), y(p.value)]), color: PALETTE[0], width: 2 });
  // The highest day carries its figure, so the line has a scale.
  const top = points.reduce((best, p, i) => (p.value > points[best].value ? i : best), 0);
  if (max > 0) {
    const align = top === 0 ? 'left' : top === points.length - 1 ? 'right' : 'center';
    shapes.push({ type: 'text', x: x(top), y: y(points[top].value) - 4, text: compact(points[top].value), color: TEXT, align, size: 10 });
  }
  const labelled = [0, Math.floor((points.length - 1) / 2), points.length - 1];
  [...new Set(labelled)].forEach((i) =>
    shapes.push({ type: 'text', x: x(i), y: height - 4, text: points[i].label, color: TEXT, align: i === 0 ? 'left' : i === points.length - 1 ? 'right' : 'center', size: 10 }),
  );
  return shapes;
}

export function barShapes(points: Point[], width: number, height: number): Shape[] {
  if (!points.length) return [];
  const max = Math.max(0, ...points.map((p) => p.value));
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  const slot = w / points.length;
  const shapes: Shape[] = [];
  points.forEach((p, i) => {
    const bh = max > 0 ? (Math.max(0, p.value) / max) * h : 0;
    shapes.push({ type: 'rect', x: PAD.left + i * slot + slot * 0.15, y: PAD.top + h - bh, w: slot * 0.7, h: bh, color: PALETTE[0] });
    if (slot >= 28) shapes.push({ type: 'text', x: PAD.left + i * slot + slot / 2, y: PAD.top + h - bh - 3, text: compact(p.value), color: TEXT, align: 'center', size: 10 });
    shapes.push({ type: 'text', x: PAD.left + i * slot + slot / 2, y: height - 4, text: fitLabel(p.label, slot, 10), color: TEXT, align: 'center', size: 10 });
  });
  return shapes;
}

/** A pie of the positive values (the largest 7, the rest as 其他) with a legend of shares on the right. */
export function shareShapes(points: Point[], width: number, height: number): Shape[] {
  const positive = points.filter((p) => p.value > 0).sort((a, b) => b.value - a.value);
  const slices = positive.length > 8 ? [...positive.slice(0, 7), { label: '其他', value: positive.slice(7).reduce((s, p) => s + p.value, 0) }] : positive;
  const total = slices.reduce((s, p) => s + p.value, 0);
  if (total <= 0) return [];
  const r = Math.min(height / 2 - 8, width / 4);
  const cx = r + 12;
  const cy = height / 2;
  const shapes: Shape[] = [];
  let angle = -Math.PI / 2;
  slices.forEach((p, i) => {
    const end = i === slices.length - 1 ? 1.5 * Math.PI : angle + (p.value / total) * 2 * Math.PI;
    shapes.push({ type: 'arc', cx, cy, r, start: angle, end, color: PALETTE[i % PALETTE.length] });
    angle = end;
    const ly = 14 + i * 18;
    shapes.push({ type: 'rect', x: cx + r + 20, y: ly - 9, w: 10, h: 10, color: PALETTE[i % PALETTE.length] });
    shapes.push({ type: 'text', x: cx + r + 36, y: ly, text: `${p.label.slice(0, 8)} ${Math.round((p.value / total) * 100)}%`, color: TEXT, align: 'left', size: 11 });
  });
  return shapes;
}

export function shapesOf(kind: string, points: Point[], width: number, height: number): Shape[] {
  return kind === 'line' ? lineShapes(points, width, height) : kind === 'share' ? shareShapes(points, width, height) : barShapes(points, width, height);
}

/** Replays shapes on a CanvasRenderingContext2D-like context (the mini program's canvas 2d). */
export function draw(ctx: any, shapes: Shape[]): void {
  for (const s of shapes) {
    if (s.type === 'rect') {
      ctx.fillStyle = s.color;
      ctx.fillRect(s.x, s.y, s.w, s.h);
    } else if (s.type === 'path') {
      ctx.strokeStyle = s.color;
      ctx.lineWidth = s.width;
      ctx.beginPath();
      s.points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.stroke();
    } else if (s.type === 'arc') {
      ctx.fillStyle = s.color;
      ctx.beginPath();
      ctx.moveTo(s.cx, s.cy);
      ctx.arc(s.cx, s.cy, s.r, s.start, s.end);
      ctx.closePath();
      ctx.fill();
    } else {
      ctx.fillStyle = s.color;
      ctx.font = `${s.size}px sans-serif`;
      ctx.textAlign = s.align;
      ctx.fillText(s.text, s.x, s.y);
    }
  }
}
