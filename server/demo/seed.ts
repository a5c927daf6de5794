// The demo shop: created through the same handlers a merchant's taps reach (shop, supplier,
// customer, products), at the server's time. Its stock and months of sales are real postings that
// localcloud replays day by day through the api function (localcloud/demo.ts): nothing here, and
// nothing in the api, accepts a date.
import { gs1CheckDigit } from '../../miniprogram/utils/barcode';
import { schemas } from '../../typings/api';
import { ActionContext, Member, MemberContext } from '../core/router';
import type { ActionName } from '../../typings/api';
import { apiActionsLazy } from './registry';
import { createShop } from '../actions/shops';

const ean13 = (body12: string) => `${body12}${gs1CheckDigit(body12)}`;

/** `key` names a product for the history localcloud replays (localcloud/demo.ts). */
export const DEMO_PRODUCTS = [
  { key: 'cola', name: '可口可乐 330ml', category: '饮料', baseUnit: '罐', purchaseUnit: { name: '箱', factor: 24 }, salePriceFen: 300, purchasePriceFen: 180, minStock: 48, maxStock: 480, code: '690123450001' },
  { key: 'water', name: '农夫山泉 550ml', category: '饮料', baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 24 }, salePriceFen: 200, purchasePriceFen: 95, minStock: 48, maxStock: 600, code: '690123450002' },
  { key: 'chips', name: '乐事薯片 原味 70g', category: '零食', baseUnit: '袋', purchaseUnit: { name: '箱', factor: 20 }, salePriceFen: 750, purchasePriceFen: 480, minStock: 20, maxStock: 200, code: '690123450003' },
  { key: 'noodles', name: '康师傅红烧牛肉面 桶装', category: '速食', baseUnit: '桶', purchaseUnit: { name: '箱', factor: 12 }, salePriceFen: 550, purchasePriceFen: 350, minStock: 24, maxStock: 240, code: '690123450004' },
  { key: 'milk', name: '伊利纯牛奶 250ml', category: '乳品', baseUnit: '盒', purchaseUnit: { name: '箱', factor: 24 }, salePriceFen: 350, purchasePriceFen: 230, minStock: 48, maxStock: 480, code: '690123450005', batchTracked: true },
  { key: 'detergent', name: '蓝月亮洗衣液 3kg', category: '日化', baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 4 }, salePriceFen: 5990, purchasePriceFen: 3800, minStock: 4, maxStock: 40, code: '690123450006' },
  { key: 'mask', name: '玻尿酸补水面膜', category: '美妆', baseUnit: '片', purchaseUnit: { name: '盒', factor: 10 }, salePriceFen: 1500, purchasePriceFen: 700, minStock: 10, maxStock: 60, code: '690123450007', batchTracked: true },
  { key: 'oreo', name: '奥利奥夹心饼干 97g', category: '零食', baseUnit: '盒', purchaseUnit: null, salePriceFen: 990, purchasePriceFen: 620, minStock: 10, maxStock: 100, code: '690123450008' },
  { key: 'cup', name: '不锈钢保温杯 500ml', category: '日用', baseUnit: '个', purchaseUnit: { name: '箱', factor: 12 }, salePriceFen: 3900, purchasePriceFen: 2100, minStock: 0, maxStock: 0, code: '690123450009' },
] as const;

export type DemoProductKey = (typeof DEMO_PRODUCTS)[number]['key'];

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
  await run('customers.save', { name: '李阿姨', phone: '13900000000', note: '老顾客，常买牛奶，月底结账' });
  for (const p of DEMO_PRODUCTS) {
    const { code, key: _key, ...fields } = p;
    await run('products.create', { ...fields, barcodes: [ean13(code)], preferredSupplierId: supplier._id, leadTimeDays: 2 });
  }
  return { created: true, shopName: shop.name };
}
