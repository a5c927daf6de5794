// What a component draws on its canvas, drawn again for the pictures (jsdom has no canvas): each
// painter replays the component's own drawing code on an SVG context, from the component's data.
import { draw, shapesOf, Point } from '../../miniprogram/packages/reports/components/chart/geometry';
import { svgContext } from './svg-canvas';

type Painter = (data: Record<string, any>, screenWidth: number) => string | null;

/** The chart's canvas spans the page less the chart's padding (24rpx each side). */
const chart: Painter = (data, screenWidth) => {
  const points = (data.points ?? []) as Point[];
  if (!points.length) return null;
  const width = screenWidth - 24;
  const height = Number(data.height) || 160;
  const canvas: any = { width, height, texts: [], scaled: [] };
  const ctx = svgContext(canvas);
  draw(ctx, shapesOf(String(data.kind), points, width, height));
  return canvas.toDataURL();
};

const PAINTERS: Record<string, Painter> = {
  'packages/reports/components/chart/index': chart,
};

/** A data URL of the canvas's picture, or null when the component is not one we can draw. */
export function canvasPicture(componentPath: string, data: Record<string, any> | undefined, screenWidth: number): string | null {
  const key = Object.keys(PAINTERS).find((k) => componentPath.endsWith(k));
  return key && data ? PAINTERS[key](data, screenWidth) : null;
}
