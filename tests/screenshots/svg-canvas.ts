// A 2d context that writes SVG, so the pictures can show what a page draws on its canvas (jsdom has
// no canvas): the canvas's toDataURL answers the SVG, which wx.canvasToTempFilePath hands back.
import { RecordedCanvas, textWidth } from '../helpers/miniprogram';

const BASELINE: Record<string, string> = { top: 'text-before-edge', hanging: 'hanging', middle: 'central', alphabetic: 'auto', bottom: 'text-after-edge' };
const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function svgContext(canvas: RecordedCanvas & Record<string, unknown>): Record<string, unknown> {
  const parts: string[] = [];
  let scale = 1;
  let path: string[] = [];
  const ctx: Record<string, unknown> = {
    fillStyle: '#000',
    strokeStyle: '#000',
    lineWidth: 1,
    font: '10px sans-serif',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    scale: (x: number) => (scale = x),
    fillRect: (x: number, y: number, w: number, h: number) => parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${ctx.fillStyle}"/>`),
    fillText: (text: string, x: number, y: number) => {
      const anchor = ctx.textAlign === 'right' ? 'end' : ctx.textAlign === 'center' ? 'middle' : 'start';
      const m = /^(bold )?(\d+)px (.*)$/.exec(String(ctx.font));
      canvas.texts.push({ text, x, y, font: String(ctx.font) });
      parts.push(`<text x="${x}" y="${y}" dominant-baseline="${BASELINE[String(ctx.textBaseline)] ?? 'auto'}" text-anchor="${anchor}" font-size="${m?.[2] ?? 10}" font-weight="${m?.[1] ? 'bold' : 'normal'}" font-family="Noto Sans CJK SC, sans-serif" fill="${ctx.fillStyle}">${esc(text)}</text>`);
    },
    measureText: (text: string) => ({ width: textWidth(text, String(ctx.font)) }),
    beginPath: () => (path = []),
    moveTo: (x: number, y: number) => path.push(`M${x} ${y}`),
    lineTo: (x: number, y: number) => path.push(`L${x} ${y}`),
    stroke: () => parts.push(`<path d="${path.join(' ')}" stroke="${ctx.strokeStyle}" stroke-width="${ctx.lineWidth}" fill="none"/>`),
    arc: (cx: number, cy: number, r: number, start: number, end: number) => {
      const at = (a: number) => `${cx + r * Math.cos(a)} ${cy + r * Math.sin(a)}`;
      path.push(`${path.length ? 'L' : 'M'}${at(start)}`);
      // SVG cannot draw a whole circle as one arc: two halves.
      const sweep = end - start;
      if (sweep >= 2 * Math.PI - 1e-9) path.push(`A${r} ${r} 0 1 1 ${at(start + Math.PI)} A${r} ${r} 0 1 1 ${at(start)}`);
      else path.push(`A${r} ${r} 0 ${sweep > Math.PI ? 1 : 0} 1 ${at(end)}`);
    },
    closePath: () => path.push('Z'),
    fill: () => parts.push(`<path d="${path.join(' ')}" fill="${ctx.fillStyle}"/>`),
    clearRect: () => undefined,
  };
  canvas.toDataURL = () => {
    const w = Number(canvas.width) / scale;
    const h = Number(canvas.height) / scale;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  };
  return ctx;
}
