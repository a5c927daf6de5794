// A 2d context that writes SVG, so the pictures can show what a page draws on its canvas (jsdom has
// no canvas): the canvas's toDataURL answers the SVG, which wx.canvasToTempFilePath hands back.
import { RecordedCanvas, textWidth } from '../helpers/miniprogram';

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
    textBaseline: 'top',
    scale: (x: number) => (scale = x),
    fillRect: (x: number, y: number, w: number, h: number) => parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${ctx.fillStyle}"/>`),
    fillText: (text: string, x: number, y: number) => {
      const anchor = ctx.textAlign === 'right' ? 'end' : ctx.textAlign === 'center' ? 'middle' : 'start';
      const m = /^(bold )?(\d+)px (.*)$/.exec(String(ctx.font));
      canvas.texts.push({ text, x, y, font: String(ctx.font) });
      parts.push(`<text x="${x}" y="${y}" dominant-baseline="text-before-edge" text-anchor="${anchor}" font-size="${m?.[2] ?? 10}" font-weight="${m?.[1] ? 'bold' : 'normal'}" font-family="Noto Sans CJK SC, sans-serif" fill="${ctx.fillStyle}">${esc(text)}</text>`);
    },
    measureText: (text: string) => ({ width: textWidth(text, String(ctx.font)) }),
    beginPath: () => (path = []),
    moveTo: (x: number, y: number) => path.push(`M${x} ${y}`),
    lineTo: (x: number, y: number) => path.push(`L${x} ${y}`),
    stroke: () => parts.push(`<path d="${path.join(' ')}" stroke="${ctx.strokeStyle}" stroke-width="${ctx.lineWidth}"/>`),
  };
  canvas.toDataURL = () => {
    const w = Number(canvas.width) / scale;
    const h = Number(canvas.height) / scale;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  };
  return ctx;
}
