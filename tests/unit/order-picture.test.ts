// The order picture for the customer's chat, painted on a recording fake 2d context: what it says
// (shop, number, customer, address, each line, totals, paid and owed, tracking numbers) and that the
// picture grows with the order instead of cutting lines off.
import { layoutOrderPicture, paintOrderPicture, PictureContext, PictureOrder, wrapText } from '../../miniprogram/utils/order-picture';

const measure = (text: string, font: string) => {
  const size = Number(/(\d+)px/.exec(font)?.[1] ?? 10);
  return Array.from(text).reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.55), 0);
};

function recorder() {
  const texts: { text: string; x: number; y: number; align: string; font: string; color: string }[] = [];
  const ctx: PictureContext & { texts: typeof texts } = {
    texts,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    fillRect() {},
    fillText(text, x, y) {
      texts.push({ text, x, y, align: this.textAlign, font: this.font, color: String(this.fillStyle) });
    },
    measureText: (t) => ({ width: measure(t, ctx.font) }),
    beginPath() {},
    moveTo() {},
    lineTo() {},
    stroke() {},
  };
  return ctx;
}

const line = (i: number) => ({ productName: `商品${i}`, qty: 2, unit: '箱', unitPriceFen: 6000, discountFen: 0, amountFen: 12000 });
const order = (lines: number, extra: Partial<PictureOrder> = {}): PictureOrder => ({
  shopName: '阿芳的小店',
  no: 'XS20261123-001',
  date: '2026-11-23 10:05',
  statusLabel: '已发货',
  customerName: '王姐',
  address: { name: '王姐', phone: '13800138000', address: '杭州市西湖区文三路 1 号' },
  lines: Array.from({ length: lines }, (_, i) => line(i + 1)),
  discountFen: 100,
  shippingFeeFen: 1000,
  totalFen: 12000 * lines + 900,
  paidFen: 10000,
  onCredit: false,
  shipments: [{ carrier: '顺丰速运', trackingNo: 'SF1234567890' }],
  note: '',
  ...extra,
});

test('the picture says what the customer needs: shop, number, address, lines, totals, paid and what is still due', () => {
  const ctx = recorder();
  const layout = layoutOrderPicture(order(2), measure);
  paintOrderPicture(ctx, layout);
  const texts = ctx.texts.map((t) => t.text);
  expect(texts).toEqual(
    expect.arrayContaining(['阿芳的小店', '销售单 XS20261123-001', '客户：王姐', '收货：王姐 13800138000', '杭州市西湖区文三路 1 号', '商品1', '商品2', '2箱 × ¥60.00', '¥120.00', '-¥1.00', '¥10.00', '¥249.00', '¥100.00', '待付', '¥149.00', '快递：顺丰速运 SF1234567890', '谢谢惠顾']),
  );
  // amounts sit on the right edge, the due amount in red
  const due = ctx.texts.find((t) => t.text === '¥149.00')!;
  expect(due).toMatchObject({ align: 'right', x: 355, color: '#ee0a24' });
  // every text inside the picture
  for (const t of ctx.texts) expect(t.y).toBeLessThan(layout.height);
});

test('a credit order says 赊账未付; a paid one says 已付清; a line discount and a note show', () => {
  const credit = recorder();
  paintOrderPicture(credit, layoutOrderPicture(order(1, { onCredit: true, paidFen: 0, note: '月底结' }), measure));
  expect(credit.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['赊账未付', '¥129.00', '备注：月底结']));
  const paid = recorder();
  const l = { ...line(1), discountFen: 200, amountFen: 11800 };
  paintOrderPicture(paid, layoutOrderPicture(order(1, { lines: [l], totalFen: 12700, paidFen: 12700, address: null, shipments: [] }), measure));
  const texts = paid.texts.map((t) => t.text);
  expect(texts).toEqual(expect.arrayContaining(['已付清', '2箱 × ¥60.00  优惠 ¥2.00']));
  expect(texts.some((t) => t.startsWith('收货') || t.startsWith('快递'))).toBe(false);
});

test('the picture grows with the lines, and a long name wraps instead of running under the amount', () => {
  const heights = [1, 2, 10].map((n) => layoutOrderPicture(order(n), measure).height);
  expect(heights[1]).toBeGreaterThan(heights[0]);
  expect(heights[2] - heights[1]).toBe((heights[1] - heights[0]) * 8);
  const long = '农夫山泉饮用天然水 550ml 整箱装 家庭聚会特惠（24 瓶）';
  const ctx = recorder();
  const layout = layoutOrderPicture(order(1, { lines: [{ ...line(1), productName: long }] }), measure);
  paintOrderPicture(ctx, layout);
  const parts = ctx.texts.filter((t) => long.includes(t.text) && t.text.length > 2);
  expect(parts.length).toBeGreaterThan(1);
  expect(parts.map((p) => p.text).join('')).toBe(long);
  for (const p of parts) expect(p.x + measure(p.text, p.font)).toBeLessThan(355 - measure('¥120.00', p.font));
  expect(layout.height).toBeGreaterThan(layoutOrderPicture(order(1), measure).height);
});

test('wrapText keeps every character and never exceeds the width', () => {
  const lines = wrapText('一二三四五六七八九十', 35, '10px sans-serif', measure);
  expect(lines).toEqual(['一二三', '四五六', '七八九', '十']);
});
