// A picture drawn on a page's <canvas type="2d">, made into an image file, then saved to the photo
// album or shared into a chat (wx.showShareImageMenu: send to a friend, save, favourite).
import { layoutOrderPicture, measureWith, paintOrderPicture, PictureContext, PictureOrder } from '../utils/order-picture';

type Canvas = WechatMiniprogram.Canvas;

/** The canvas node of a <canvas type="2d" id="…"> of the component. */
export function canvasNode(component: WechatMiniprogram.Component.TrivialInstance, selector: string): Promise<Canvas> {
  return new Promise((resolve, reject) => {
    component
      .createSelectorQuery()
      .select(selector)
      .fields({ node: true, size: true })
      .exec((res: { node?: Canvas }[]) => (res?.[0]?.node ? resolve(res[0].node) : reject(new Error(`no canvas ${selector}`))));
  });
}

/** Draws the order on the canvas at the screen's pixel ratio; answers the picture's height (CSS px). */
export function drawOrder(canvas: Canvas, order: PictureOrder): number {
  const ctx = canvas.getContext('2d') as unknown as PictureContext & { scale(x: number, y: number): void };
  const layout = layoutOrderPicture(order, measureWith(ctx));
  const info = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : wx.getSystemInfoSync();
  const dpr = Math.min(3, Math.max(1, Number(info?.pixelRatio) || 2));
  // Resizing clears the canvas and its state: size first, then scale and paint.
  canvas.width = layout.width * dpr;
  canvas.height = layout.height * dpr;
  ctx.scale(dpr, dpr);
  paintOrderPicture(ctx, layout);
  return layout.height;
}

export function canvasToFile(canvas: Canvas): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.canvasToTempFilePath({ canvas, fileType: 'png', success: (r) => resolve(r.tempFilePath), fail: reject } as WechatMiniprogram.CanvasToTempFilePathOption);
  });
}

/** Saves to the album; a refused album permission is explained with a way to the settings. */
export function saveToAlbum(filePath: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.saveImageToPhotosAlbum({
      filePath,
      success: () => resolve(true),
      fail: async (err) => {
        const msg = String(err?.errMsg ?? '');
        if (/auth den|authorize|permission/i.test(msg)) {
          const r = await wx.showModal({ title: '无法保存到相册', content: '请在设置中允许“添加到相册”后再试', confirmText: '去设置' });
          if (r.confirm) wx.openSetting({});
        }
        resolve(false);
      },
    });
  });
}

export function shareImage(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showShareImageMenu({ path, success: () => resolve(true), fail: () => resolve(false) });
  });
}
