// The caller's shop and its warehouses (embedded in the shop document: a micro-merchant has a few).
import crypto from 'node:crypto';
import type { Role, Shop, ShopSettings, Warehouse } from '../../typings/models';
import { AppError } from './errors';
import { MemberContext } from './router';

export const DEFAULT_SETTINGS: ShopSettings = {
  allowNegativeStock: false,
  expiryWindowDays: 30,
  deadStockDays: 90,
  overStockDays: 120,
  orderCostFen: 2000,
  holdingRate: 0.25,
  clerkDiscountLimitPct: 0,
  purchaseApprovalAboveFen: null,
  receiveTolerancePct: 0,
};

export async function loadShop(ctx: MemberContext): Promise<Shop> {
  const shop = await ctx.db.getById<Shop>('shops', ctx.member.shopId);
  if (!shop) throw new AppError('E_NO_SHOP', '店铺不存在或已关闭');
  return { ...shop, settings: { ...DEFAULT_SETTINGS, ...shop.settings } };
}

/** The named warehouse of this shop, or its default one; never another shop's. */
export function resolveWarehouse(shop: Shop, warehouseId?: string): Warehouse {
  const wh = warehouseId ? shop.warehouses.find((w) => w.id === warehouseId) : shop.warehouses.find((w) => w.isDefault) ?? shop.warehouses[0];
  if (!wh) throw new AppError('E_NOT_FOUND', '仓库不存在');
  if (wh.archived) throw new AppError('E_INVALID_STATE', `仓库「${wh.name}」已停用`);
  return wh;
}

export function warehouseName(shop: Shop, id: string): string {
  return shop.warehouses.find((w) => w.id === id)?.name ?? '未知仓库';
}

export const canSeeCost = (role: Role) => role !== 'clerk';

export function newId(bytes = 12): string {
  return crypto.randomBytes(bytes).toString('hex');
}
