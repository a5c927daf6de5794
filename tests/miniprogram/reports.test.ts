// The dashboard on 首页 and two report pages through miniprogram-simulate and the real api function:
// what the owner and a clerk read, switching 7/30 days, a report's period and grouping, paging.
import ExcelJS from 'exceljs';
import { LocalCloud } from '../../localcloud';
import { barShapes, fitLabel, lineShapes, shareShapes } from '../../miniprogram/packages/reports/components/chart/geometry';
import { compareText, dayBars } from '../../miniprogram/utils/dashboard';
import { monthPoints } from '../../miniprogram/packages/reports/format';
import { createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';
import { installWx, renderPage, tap, text, waitFor, WxBridge } from '../helpers/miniprogram';

let lc: LocalCloud;
let wx: WxBridge;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'pages-reports');
  const owner = shop.as(shop.owner);
  const clerk = shop.as(shop.clerk);
  const products = [];
  for (let i = 0; i < 23; i++) products.push(await owner('products.create', { name: `商品${String(i).padStart(2, '0')}`, category: i % 2 ? '饮料' : '零食', salePriceFen: 1000 + i * 100, purchasePriceFen: 500 }));
  await owner('stock.receive', { requestId: rid(), lines: products.map((p) => ({ productId: p._id, qty: 50, unitCostFen: 500 })) });
  // the clerk sells 商品00 ×3; the owner sells every product once
  await clerk('stock.sell', { requestId: rid(), lines: [{ productId: products[0]._id, qty: 3 }] });
  await owner('stock.sell', { requestId: rid(), lines: products.map((p) => ({ productId: p._id, qty: 1 })) });
  wx = installWx(lc, shop.owner);
});
afterAll(() => lc.stop());

const texts = (comp: any, selector: string): string[] => comp.querySelectorAll(selector).map((el: any) => String(el.dom.textContent).replace(/\s+/g, ' ').trim());

test("the owner's 首页: today's sales, orders and profit, the 7/30-day bars, best sellers, stock value, a way to 报表", async () => {
  const home = renderPage('pages/home/index');
  home.instance.onLoad();
  await waitFor(() => home.data.state === 'ready');
  // 3 × ¥10.00 + Σ (¥10.00 … ¥32.00) = ¥30.00 + ¥483.00; cost 26 × ¥5.00
  expect(text(home, '.today-amount')).toBe('¥513.00');
  expect(text(home, '.today-orders')).toBe('2');
  expect(text(home, '.today-profit')).toBe('¥383.00');
  expect(home.querySelectorAll('.dash__bar')).toHaveLength(7);
  await tap(home, '.range-30');
  expect(home.querySelectorAll('.dash__bar')).toHaveLength(30);
  expect(texts(home, '.best-seller')[0]).toContain('商品00');
  expect(texts(home, '.best-seller')[0]).toContain('4 · ¥40.00');
  // 23 × 50 − 26 left at ¥5.00
  expect(text(home, '.stock-value')).toContain('¥5620.00');
  await tap(home, '.go-reports');
  expect(wx.navigations.at(-1)).toBe('/packages/reports/pages/index/index');
});

test("a clerk's 首页 shows only their own sales: no profit, no stock value, no 报表", async () => {
  const bridge = installWx(lc, shop.clerk);
  try {
    const home = renderPage('pages/home/index');
    home.instance.onLoad();
    await waitFor(() => home.data.state === 'ready');
    expect(text(home, '.dash__title')).toBe('我今天的销售');
    expect(text(home, '.today-amount')).toBe('¥30.00');
    expect(text(home, '.today-orders')).toBe('1');
    expect(home.querySelector('.today-profit')).toBeFalsy();
    expect(home.querySelector('.stock-value')).toBeFalsy();
    expect(home.querySelector('.best-seller')).toBeFalsy();
    expect(home.querySelector('.go-reports')).toBeFalsy();
  } finally {
    void bridge;
    installWx(lc, shop.owner);
  }
});

test('销售排行: ranked by amount, regrouped by category and by day, paged 20 at a time', async () => {
  const page = renderPage('packages/reports/pages/sales/index');
  page.instance.onLoad({});
  await waitFor(() => !page.data.loading && page.data.items.length > 0);
  expect(page.data.items).toHaveLength(20);
  // 商品00: 4 × ¥10.00 before 商品22: 1 × ¥32.00
  expect(page.data.items.slice(0, 2).map((x: any) => x.name)).toEqual(['1. 商品00', '2. 商品22']);
  expect(page.data.summary[0]).toEqual({ label: '销售额', value: '¥513.00' });
  expect(page.data.points).toHaveLength(10);
  await tap(page, '.load-more');
  await waitFor(() => !page.data.loading && !page.data.hasMore);
  expect(page.data.items).toHaveLength(23);
  await tap(page, '.by-category');
  await waitFor(() => !page.data.loading && page.data.by === 'category' && page.data.items.length === 2);
  // 零食 is the even-numbered twelve, 商品00's four included
  expect(texts(page, '.row__name')).toEqual(['1. 零食', '2. 饮料']);
  await tap(page, '.by-day');
  await waitFor(() => !page.data.loading && page.data.by === 'day' && page.data.items.length === 1);
  expect(page.data.items[0].detail).toContain('2 单');
  await tap(page, '.period-custom');
  await waitFor(() => !page.data.loading && page.data.period === 'custom');
  expect(page.data.items).toHaveLength(1);
});

test("导出 Excel on a report: the page's own grouping and period, opened in WeChat's viewer with its menu", async () => {
  wx = installWx(lc, shop.owner); // the phone as this test leaves it (an earlier test switched users)
  const page = renderPage('packages/reports/pages/sales/index');
  page.instance.onLoad({});
  await waitFor(() => !page.data.loading && page.data.items.length > 0);
  await tap(page, '.by-category');
  await waitFor(() => !page.data.loading && page.data.by === 'category' && page.data.items.length === 2);
  const opened = wx.openedDocuments.length;
  await tap(page, '.export');
  expect(page.data.exporting).toBe(true);
  await waitFor(() => wx.openedDocuments.length > opened && !page.data.exporting);
  const doc = wx.openedDocuments[opened];
  expect(doc).toMatchObject({ fileType: 'xlsx', showMenu: true });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(wx.files[doc.filePath] as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const column = (n: number) => (ws.getColumn(n).values as unknown[]).slice(1);
  expect(column(2)).toEqual(['分类', '零食', '饮料', '合计']);
  expect(column(4)[3]).toBe(513); // 销售额 of the month, as the page's summary says
});

test('进销存汇总: opening, in and out by type and closing per product, with totals', async () => {
  const page = renderPage('packages/reports/pages/stock/index');
  page.instance.onLoad();
  await waitFor(() => !page.data.loading && page.data.items.length > 0);
  const first = page.data.items[0];
  expect(first).toMatchObject({ name: '商品00', opening: '0件 ¥0.00', closing: '46件 ¥230.00', inText: '入 50件（采购 50）', outText: '出 4件（销售 4）' });
  expect(page.data.summary).toEqual([
    { label: '期初金额', value: '¥0.00' },
    { label: '期末金额', value: '¥5620.00' },
    { label: '入库成本', value: '¥5750.00' },
    { label: '出库成本', value: '¥130.00' },
  ]);
  await tap(page, '.period-today');
  await waitFor(() => !page.data.loading && page.data.period === 'today');
  expect(page.data.range).toMatch(/^(\d{4}-\d{2}-\d{2}) 至 \1$/);
});

test('chart geometry: bars proportional, a line through every day, shares that close the circle', () => {
  const bars = barShapes([{ label: 'a', value: 10 }, { label: 'b', value: 5 }, { label: 'c', value: -1 }], 300, 160).filter((s) => s.type === 'rect') as any[];
  expect(bars.map((b) => Math.round(b.h))).toEqual([124, 62, 0]);
  // Each bar carries its figure; a line carries the figure of its highest day.
  const barTexts = barShapes([{ label: 'a', value: 12345.6 }, { label: 'b', value: 250.4 }, { label: 'c', value: 3.25 }], 300, 160).filter((s) => s.type === 'text').map((s: any) => s.text);
  expect(barTexts).toEqual(expect.arrayContaining(['1.2万', '250', '3.3']));
  const lineShapesAll = lineShapes(Array.from({ length: 30 }, (_, i) => ({ label: `d${i}`, value: i === 12 ? 99.5 : i })), 300, 160);
  const line = lineShapesAll.filter((s) => s.type === 'path') as any[];
  expect(line[1].points).toHaveLength(30);
  expect(monthPoints([{ month: '2026-01', netFen: 100 }, { month: '2026-11', netFen: 250 }]).map((p) => p.label)).toEqual(['1月', '11月']);
  expect(monthPoints([{ month: '2025-12', netFen: 100 }, { month: '2026-01', netFen: 250 }]).map((p) => p.label)).toEqual(['25/12', '26/01']);
  expect(fitLabel('康师傅红烧牛肉面', 35, 10)).toBe('康师傅');
  expect(lineShapesAll.filter((s) => s.type === 'text').map((s: any) => s.text)).toContain('99.5');
  const arcs = shareShapes(Array.from({ length: 10 }, (_, i) => ({ label: `p${i}`, value: 10 - i })), 300, 140).filter((s) => s.type === 'arc') as any[];
  expect(arcs).toHaveLength(8); // 7 and 其他
  expect(arcs.at(-1).end - arcs[0].start).toBeCloseTo(2 * Math.PI);
  expect(dayBars(Array.from({ length: 30 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, amountFen: i * 100 })), 7).map((b) => b.height)).toEqual([83, 86, 90, 93, 97, 100, 100].map((_, i) => Math.round(((23 + i) / 29) * 100)));
  expect(compareText('比昨天', 1200, 1000)).toEqual({ label: '比昨天', text: '+20%', trend: 'up' });
  expect(compareText('比上周同日', 500, 0)).toEqual({ label: '比上周同日', text: '新增', trend: 'up' });
});
