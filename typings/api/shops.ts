import { z } from 'zod';
import type { MemberView, Role, Shop, ShopSettings, Warehouse } from '../models';
import { id, name } from './common';
import { isCalendarDate } from './common';

const staffRole = z.enum(['manager', 'clerk']);

export const shopSchemas = {
  'shops.create': z.object({ name: name('店铺名称'), ownerName: name('你的称呼', 20).default('店主') }),
  'shops.mine': z.object({}),
  'shops.updateSettings': z.object({
    name: name('店铺名称').optional(),
    settings: z
      .object({
        allowNegativeStock: z.boolean(),
        expiryWindowDays: z.number().int().min(1).max(365),
        deadStockDays: z.number().int().min(7).max(720),
        overStockDays: z.number().int().min(7).max(720),
        orderCostFen: z.number().int().min(0).max(1e8),
        holdingRate: z.number().min(0.01).max(2),
        clerkDiscountLimitPct: z.number().int().min(0).max(100),
        purchaseApprovalAboveFen: z.number().int().min(0).max(1e11).nullable(),
        receiveTolerancePct: z.number().int().min(0).max(50),
        promotionDays: z
          .array(
            z
              .string()
              .trim()
              .refine((v) => (/^\d{2}-\d{2}$/.test(v) ? isCalendarDate(`2024-${v}`) : isCalendarDate(v)), '促销日应为 MM-DD（每年，如 11-11）或 YYYY-MM-DD（一次）'),
          )
          .max(60, '促销日最多 60 个')
          .transform((days) => [...new Set(days)].sort()),
      })
      .partial()
      .optional(),
  }),
  'warehouses.save': z.object({ id: z.string().max(64).optional(), name: name('仓库名称', 30), archived: z.boolean().default(false) }),
  'members.list': z.object({}),
  'members.update': z.object({ openid: id, role: staffRole.optional(), status: z.enum(['active', 'disabled']).optional() }),
  'invites.create': z.object({ role: staffRole, expiresInHours: z.number().int().min(1).max(24 * 30).default(72) }),
  'invites.accept': z.object({ code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{8}$/, '邀请码是 8 位字母或数字'), name: name('你的称呼', 20) }),
  'dev.seedDemo': z.object({}),
};

export interface MineView {
  member: { openid: string; name: string; role: Role } | null;
  shop: Pick<Shop, '_id' | 'name' | 'warehouses'> & { settings: ShopSettings } | null;
  /** Set when the caller's membership was disabled by its owner (member and shop are then null). */
  disabled: { shopName: string } | null;
  /** The deployment's digest subscribe-message template ('' when the deployment has none). */
  digestTemplateId: string;
}

export interface ShopOutputs {
  'shops.create': MineView;
  'shops.mine': MineView;
  'shops.updateSettings': MineView;
  'warehouses.save': Warehouse;
  'members.list': MemberView[];
  'members.update': MemberView;
  'invites.create': { code: string; role: Role; expiresAt: string };
  'invites.accept': MineView;
  'dev.seedDemo': { created: boolean; shopName: string };
}
