// Rules every user value obeys at the contract: real dates, phone numbers, no control characters,
// validation messages a merchant can read.
import { LocalCloud } from '../../localcloud';
import { describeIssue, isCalendarDate } from '../../typings/api/common';
import { apiError, callApi, createTestShop, rid, startApiCloud, TestShop } from '../helpers/cloud';

let lc: LocalCloud;
let shop: TestShop;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'rules');
});
afterAll(() => lc.stop());

test('a date must exist on the calendar', async () => {
  expect(['2026-02-28', '2028-02-29', '2026-12-31'].every(isCalendarDate)).toBe(true);
  expect(['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31', '2026-00-10', '0000-01-01'].some(isCalendarDate)).toBe(false);
  const owner = shop.as(shop.owner);
  const milk = await owner('products.create', { name: '鲜牛奶', batchTracked: true });
  const err = await apiError(owner('stock.receive', { requestId: rid(), lines: [{ productId: milk._id, qty: 1, unitCostFen: 300, batchNo: 'B1', expiryDate: '2026-02-30' }] }));
  expect(err.code).toBe('E_VALIDATION');
  expect(err.message).toBe('输入有误：第 1 行 有效期：日期不存在，请检查年月日');
  expect(err.details).toEqual([{ path: 'lines.0.expiryDate', message: '日期不存在，请检查年月日' }]);
  expect((await owner('products.get', { id: milk._id })).balances).toEqual([]);
});

test('customer and supplier phones are a mobile or a landline with its area code, or empty', async () => {
  const owner = shop.as(shop.owner);
  for (const phone of ['13800000000', '0571-88888888', '01088888888', '0571-8888888-123', '']) {
    expect((await owner('customers.save', { name: `客户${phone || '无电话'}`, phone })).phone).toBe(phone);
  }
  for (const [coll, phone] of [['customers', '12345'], ['customers', '1380000000'], ['suppliers', '23800000000'], ['suppliers', '571-88888888'], ['customers', '电话13800000000']]) {
    const err = await apiError(owner(`${coll}.save`, { name: '坏号码', phone }));
    expect(err.code).toBe('E_VALIDATION');
    expect(err.message).toBe('输入有误：电话：应为 11 位手机号，或带区号的固定电话（如 0571-88888888）');
  }
  expect((await owner('customers.list', { keyword: '坏号码' })).items).toEqual([]);
});

test('a control character in any user string is refused with a typed error, never E_INTERNAL', async () => {
  const owner = shop.as(shop.owner);
  await owner('products.create', { name: '可乐' });
  for (const [action, input] of [
    ['products.list', { keyword: 'a\u0000b' }],
    ['customers.list', { keyword: '\u0000' }],
    ['suppliers.save', { name: '城东\u0007批发' }],
    ['products.create', { name: '雪碧', spec: '330ml\u001b[31m' }],
    ['customers.save', { name: '王\u0085姐' }],
    ['products.list', { keyword: '\ud800' }],
  ] as const) {
    const err = await apiError(owner(action, input));
    expect(err.code).toBe('E_VALIDATION');
    expect(err.message).toMatch(/^输入有误：.*含有不可见的控制字符/);
  }
  // Tabs and line breaks are kept in free text, refused in one-line names.
  expect((await apiError(owner('customers.save', { name: '李\n阿姨' }))).message).toBe('输入有误：名称不能换行');
  const c = await owner('customers.save', { name: '李阿姨', note: '周一送货\n\t带零钱' });
  expect(c.note).toBe('周一送货\n\t带零钱');
  expect((await owner('products.list', { keyword: '雪碧' })).items).toEqual([]);
});

test('deep, long or unsafe values are refused before any schema sees them', async () => {
  let deep: unknown = 'x';
  for (let i = 0; i < 1000; i++) deep = { a: deep }; // about as deep as JSON in Node can carry
  for (const input of [{ name: '深', extra: deep }, { name: 'x'.repeat(100_000) }, { name: '大', salePriceFen: 2 ** 60 }]) {
    const r = await callApi(lc, shop.owner, 'products.create', input);
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('E_VALIDATION');
  }
});

test('validation messages name fields and lines in Chinese; details keep the raw path', async () => {
  const r = await callApi(lc, shop.owner, 'stock.sell', { requestId: rid(), lines: [{ barcode: '6901234567892', qty: 1 }, { barcode: '6901234567892', qty: 0 }] });
  expect(r.error.code).toBe('E_VALIDATION');
  expect(r.error.message).toBe('输入有误：第 2 行 数量至少为 1');
  expect(r.error.details[0].path).toBe('lines.1.qty');
  expect(describeIssue(['settings', 'expiryWindowDays'], '太大')).toBe('设置 临期提醒天数：太大');
  expect(describeIssue(['barcodes', 1], '条码校验位错误')).toBe('条码 第 2 个：条码校验位错误');
  expect(describeIssue(['somethingNew'], '无效')).toBe('somethingNew：无效');
  expect(describeIssue([], '无效')).toBe('无效');
});

test('zod\'s own findings read as Chinese a merchant understands', async () => {
  const owner = shop.as(shop.owner);
  const cases: [string, Record<string, unknown>, string][] = [
    ['shops.updateSettings', { settings: { expiryWindowDays: 400 } }, '输入有误：设置 临期提醒天数：不能大于 365'],
    ['shops.updateSettings', { settings: { deadStockDays: 1 } }, '输入有误：设置 滞销天数：不能小于 7'],
    ['shops.updateSettings', { settings: { allowNegativeStock: 'yes' } }, '输入有误：设置 允许负库存：应为是或否'],
    ['invites.create', { role: 'boss' }, '输入有误：角色：只能是 店长、店员'],
    ['invites.create', {}, '输入有误：角色：必填'],
    ['customers.list', { page: 1.5 }, '输入有误：页码：应为整数'],
  ];
  for (const [action, input, message] of cases) expect([action, (await apiError(owner(action, input))).message]).toEqual([action, message]);
});
