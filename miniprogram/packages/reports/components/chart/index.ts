// A chart on the mini program's canvas type="2d": line, bar or share. The geometry is pure
// (geometry.ts); this component sizes the canvas for the device's pixel ratio and replays it.
// Where there is no canvas (miniprogram-simulate), nothing is drawn and `shapes` still tells what would be.
import { draw, Point, shapesOf } from './geometry';

Component({
  options: { addGlobalClass: true },
  properties: {
    kind: { type: String, value: 'bar' },
    points: { type: Array, value: [] },
    height: { type: Number, value: 160 },
    title: { type: String, value: '' },
  },
  data: { shapes: 0 },
  observers: {
    'kind, points, height'() {
      this.redraw();
    },
  },
  lifetimes: {
    ready() {
      this.redraw();
    },
  },
  methods: {
    redraw() {
      const { kind, points, height } = this.data as unknown as { kind: string; points: Point[]; height: number };
      const query = this.createSelectorQuery?.();
      if (!query) return;
      query
        .select('.chart__canvas')
        .fields({ node: true, size: true }, () => undefined)
        .exec((res: any[]) => {
          const hit = res?.[0];
          const canvas = hit?.node;
          const width = hit?.width || 320;
          const shapes = shapesOf(kind, points ?? [], width, height);
          this.setData({ shapes: shapes.length });
          if (!canvas?.getContext) return;
          const dpr = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
          canvas.width = width * dpr;
          canvas.height = height * dpr;
          const ctx = canvas.getContext('2d');
          ctx.scale(dpr, dpr);
          ctx.clearRect(0, 0, width, height);
          draw(ctx, shapes);
        });
    },
  },
});
