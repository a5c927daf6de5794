// The demo shop: created through the same handlers a merchant's taps reach, so its stock and
// ledger are real postings (taken at today's server time; nothing is backdated).
import crypto from 'node:crypto';
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';
import { schemas } from '../../typings/api';
import { ActionContext, Member, MemberContext } from '../core/router';
import type { ActionName } from '../../typings/api';
import { apiActionsLazy } from './registry';
import { createShop } from '../actions/shops';

const ean13 = (body12: string) => `${body12}${gs1CheckDigit(body12)}`;

const PRODUCTS = [
  { name: '可口可乐 330ml', category: '饮料', baseUnit: '罐', purchaseUnit: { name: '箱', factor: 24 }, salePriceFen: 300, purchasePriceFen: 180, minStock: 48, maxStock: 480, code: '690123450001' },
  { name: '农夫山泉 550ml', category: '饮料', baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 24 }, salePriceFen: 200, purchasePriceFen: 95, minStock: 48, maxStock: 600, code: '690123450002' },
  { name: '乐事薯片 原味 70g', category: '零食', baseUnit: '袋', purchaseUnit: { name: '箱', factor: 20 }, salePriceFen: 750, purchasePriceFen: 480, minStock: 20, maxStock: 200, code: '690123450003' },
  { name: '康师傅红烧牛肉面 桶装', category: '速食', baseUnit: '桶', purchaseUnit: { name: '箱', factor: 12 }, salePriceFen: 550, purchasePriceFen: 350, minStock: 24, maxStock: 240, code: '690123450004' },
  { name: '伊利纯牛奶 250ml', category: '乳品', baseUnit: '盒', purchaseUnit: { name: '箱', factor: 24 }, salePriceFen: 350, purchasePriceFen: 230, minStock: 48, maxStock: 480, code: '690123450005', batchTracked: true },
  { name: '蓝月亮洗衣液 3kg', category: '日化', baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 4 }, salePriceFen: 5990, purchasePriceFen: 3800, minStock: 4, maxStock: 40, code: '690123450006' },
  { name: '玻尿酸补水面膜', category: '美妆', baseUnit: '片', purchaseUnit: { name: '盒', factor: 10 }, salePriceFen: 1500, purchasePriceFen: 700, minStock: 30, maxStock: 300, code: '690123450007', batchTracked: true },
  { name: '奥利奥夹心饼干 97g', category: '零食', baseUnit: '盒', purchaseUnit: null, salePriceFen: 990, purchasePriceFen: 620, minStock: 10, maxStock: 100, code: '690123450008' },
];

const rid = () => crypto.randomBytes(10).toString('hex');

function dateIn(days: number): string {
  return new Date(Date.now() + days * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
}

export async function seedDemoShop(ctx: ActionContext): Promise<{ created: boolean; shopName: string }> {
  const existing = await ctx.db.getById<Member>('members', ctx.openid);
  if (existing) {
    const shop = await ctx.db.getById<{ name: string }>('shops', existing.shopId);
    return { created: false, shopName: shop?.name ?? '' };
  }
  const { shop, member } = await createShop(ctx, '示范小店', '店主');
  const mctx: MemberContext = { ...ctx, member };
  const run = async <A extends ActionName>(name: A, input: unknown): Promise<any> => {
    const def = apiActionsLazy()[name];
    return def.handler(mctx, (schemas[name] as any).parse(input));
  };
  const supplier = await run('suppliers.save', { name: '城东批发部', contact: '王经理', phone: '13800000000' });
  await run('customers.save', { name: '李阿姨', phone: '13900000000', note: '老顾客，常买牛奶' });
  const products = [];
  for (const p of PRODUCTS) {
    const { code, ...fields } = p;
    products.push(await run('products.create', { ...fields, barcodes: [ean13(code)], preferredSupplierId: supplier._id, leadTimeDays: 2 }));
  }
  const [cola, water, chips, noodles, milk, detergent, mask, oreo] = products;
  await run('stock.opening', {
    requestId: rid(),
    note: '开业期初',
    lines: [
      { productId: cola._id, qty: 4, unit: '箱', unitCostFen: 4320 },
      { productId: water._id, qty: 5, unit: '箱', unitCostFen: 2280 },
      { productId: chips._id, qty: 2, unit: '箱', unitCostFen: 9600 },
      { productId: noodles._id, qty: 3, unit: '箱', unitCostFen: 4200 },
      { productId: milk._id, qty: 2, unit: '箱', unitCostFen: 5520, batchNo: 'M2401', expiryDate: dateIn(12) },
      { productId: detergent._id, qty: 1, unit: '箱', unitCostFen: 15200 },
      { productId: mask._id, qty: 5, unit: '盒', unitCostFen: 7000, batchNo: 'F001', expiryDate: dateIn(300) },
      { productId: oreo._id, qty: 12, unitCostFen: 620 },
    ],
  });
  await run('stock.receive', {
    requestId: rid(),
    supplierId: supplier._id,
    note: '周一进货',
    lines: [
      { productId: cola._id, qty: 2, unit: '箱', unitCostFen: 4200 },
      { productId: milk._id, qty: 2, unit: '箱', unitCostFen: 5400, batchNo: 'M2402', expiryDate: dateIn(40) },
    ],
  });
  const sales = [
    [{ productId: cola._id, qty: 6 }, { productId: chips._id, qty: 2 }],
    [{ productId: milk._id, qty: 12 }, { productId: oreo._id, qty: 1 }],
    [{ productId: water._id, qty: 24, unitPriceFen: 180 }],
    [{ productId: noodles._id, qty: 4 }, { productId: cola._id, qty: 4 }],
    [{ productId: mask._id, qty: 10 }],
    [{ productId: detergent._id, qty: 1 }, { productId: oreo._id, qty: 2 }],
  ];
  for (const lines of sales) await run('stock.sell', { requestId: rid(), lines, payment: { method: 'wechat' } });
  await run('stock.adjust', { requestId: rid(), reason: 'damage', note: '搬运摔坏', lines: [{ productId: chips._id, qty: -1 }] });
  return { created: true, shopName: shop.name };
}
