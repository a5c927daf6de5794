// Shops, members, invites and warehouses. Identity comes only from the WeChat context (OPENID).
import crypto from 'node:crypto';
import { schemas } from '../../typings/api';
import type { MineView } from '../../typings/api/shops';
import type { MemberView, Product, Shop, ShopSettings, StockBalance, Warehouse } from '../../typings/models';
import { deployment } from '../core/deployment';
import { audit, changesOf } from '../core/audit';
import { AppError } from '../core/errors';
import { action, ActionContext, Member, MemberContext } from '../core/router';
import { DEFAULT_SETTINGS, loadShop, newId } from '../core/shop';
import { seedDemoShop } from '../demo/seed';

interface Invite {
  _id: string;
  shopId: string;
  role: 'manager' | 'clerk';
  expiresAt: Date;
  createdBy: string;
  usedBy: string | null;
}

function mineView(member: Member | null, shop: Shop | null): MineView {
  return {
    member: member ? { openid: member.openid, name: member.name, role: member.role } : null,
    shop: shop ? { _id: shop._id, name: shop.name, warehouses: shop.warehouses, settings: { ...DEFAULT_SETTINGS, ...shop.settings } } : null,
    disabled: null,
    digestTemplateId: deployment().digestTemplateId,
  };
}

/** A disabled member is in no shop they can use, and is not a newcomer either: they ask the owner. */
const memberDisabled = () => new AppError('E_MEMBER_DISABLED');

/** What is left in a warehouse (balances or open batches), named for the owner; '' when empty. */
async function stockLeftIn(ctx: MemberContext, warehouseId: string): Promise<string> {
  const _ = ctx.db.command;
  const where = _.and([{ shopId: ctx.member.shopId, warehouseId }, _.or([{ qty: _.neq(0) }, { 'batches.0': _.exists(true) }])]);
  const [total, rows] = await Promise.all([
    ctx.db.count('stock', where),
    ctx.db.find<StockBalance>('stock', where, { limit: 3, fields: { productId: true, qty: true, batches: true } }),
  ]);
  if (!total) return '';
  const products = new Map((await ctx.db.getMany<Product>('products', rows.map((r) => r.productId))).map((p) => [p._id, p]));
  const named = rows.map((r) => {
    const p = products.get(r.productId);
    const unit = p?.baseUnit ?? '';
    const batches = r.qty === 0 && r.batches?.length ? `（批号 ${r.batches.map((b) => `${b.batchNo} ${b.qty} ${unit}`).join('、')}）` : '';
    return `${p?.name ?? '未知商品'} ${r.qty} ${unit}${batches}`;
  });
  return `${named.join('、')}${total > rows.length ? ` 等 ${total} 种商品` : ''}`;
}

function memberView(m: Member & { joinedAt?: Date | string }): MemberView {
  return { openid: m.openid, name: m.name, role: m.role, status: m.status, joinedAt: new Date(m.joinedAt ?? 0).toISOString() };
}

/** Creates a shop with its default warehouse and the caller as owner, atomically. */
export async function createShop(ctx: ActionContext, shopName: string, ownerName: string): Promise<{ shop: Shop; member: Member }> {
  if (!ctx.openid) throw new AppError('E_UNAUTHENTICATED');
  const shopId = newId();
  const shop: Shop = {
    _id: shopId,
    name: shopName,
    ownerOpenid: ctx.openid,
    warehouses: [{ id: 'main', name: '默认仓库', isDefault: true, archived: false }],
    settings: { ...DEFAULT_SETTINGS },
    createdAt: new Date(),
  };
  const member: Member = { _id: ctx.openid, shopId, openid: ctx.openid, role: 'owner', name: ownerName, status: 'active' };
  await ctx.db.transaction(async (tx) => {
    // The member document (id = openid) makes a second shop for the same user a conflict.
    const existing = await tx.get<Member>('members', ctx.openid);
    if (existing?.status === 'disabled') throw memberDisabled();
    if (existing) throw new AppError('E_DUPLICATE', '你已经加入了一个店铺');
    await Promise.all([
      tx.set('shops', shopId, shop as unknown as Record<string, unknown>),
      tx.set('members', ctx.openid, { ...member, joinedAt: new Date() }),
    ]);
  });
  return { shop, member };
}

/** Every setting has a label: a new setting without one fails to compile. */
const SETTING_LABELS: Record<keyof ShopSettings | 'name', string> = {
  name: '店铺名称',
  allowNegativeStock: '允许负库存',
  expiryWindowDays: '临期提醒天数',
  deadStockDays: '滞销天数',
  overStockDays: '积压天数',
  orderCostFen: '每次订货成本',
  holdingRate: '年持有成本率',
  clerkDiscountLimitPct: '店员最大优惠（%）',
  purchaseApprovalAboveFen: '采购单需审批金额',
  receiveTolerancePct: '超收容差（%）',
  promotionDays: '促销日',
};

export const shopActions = {
  'shops.create': action('newcomer', schemas['shops.create'], async (ctx, input) => {
    const { shop, member } = await createShop(ctx, input.name, input.ownerName);
    return mineView(member, shop);
  }),

  'shops.mine': action('wechat', schemas['shops.mine'], async (ctx) => {
    const member = await ctx.db.getById<Member>('members', ctx.openid);
    if (!member) return mineView(null, null);
    const shop = await ctx.db.getById<Shop>('shops', member.shopId);
    // A disabled member sees which shop stopped their account, nothing of its data.
    if (member.status === 'disabled') return { ...mineView(null, null), disabled: { shopName: shop?.name ?? '' } };
    return mineView(member, shop);
  }),

  'shops.updateSettings': action(['owner'], schemas['shops.updateSettings'], async (ctx, input) => {
    await ctx.db.transaction(async (tx) => {
      const shop = await tx.get<Shop>('shops', ctx.member.shopId);
      if (!shop) throw new AppError('E_NO_SHOP', '店铺不存在或已关闭');
      const patch: Record<string, unknown> = {};
      const before: Record<string, unknown> = { name: shop.name, ...DEFAULT_SETTINGS, ...shop.settings };
      const after: Record<string, unknown> = { ...before };
      if (input.name) patch.name = after.name = input.name;
      if (input.settings) {
        for (const [k, v] of Object.entries(input.settings)) {
          if (v === undefined) continue;
          patch[`settings.${k}`] = v;
          after[k] = v;
        }
      }
      const changes = changesOf(before, after, SETTING_LABELS);
      if (!changes.length) return;
      await Promise.all([tx.update('shops', ctx.member.shopId, patch), audit(tx, ctx, { kind: 'settings', action: '修改店铺设置', target: { id: ctx.member.shopId, name: shop.name }, changes })]);
    });
    return mineView(ctx.member, await loadShop(ctx));
  }),

  'warehouses.save': action(['owner', 'manager'], schemas['warehouses.save'], async (ctx, input) => {
    // Archiving needs an empty warehouse with nothing on its way in: checked before (a query cannot
    // run in a transaction).
    if (input.id && input.archived) {
      const [coming] = await ctx.db.find<{ no: string }>('transfers', { shopId: ctx.member.shopId, status: 'in_transit', toWarehouseId: input.id }, { limit: 1, fields: { no: true } });
      if (coming) throw new AppError('E_INVALID_STATE', `调拨单 ${coming.no} 的货正在运往这个仓库：请先收货后再停用`, { transferNo: coming.no });
      const left = await stockLeftIn(ctx, input.id);
      if (left) {
        const name = (await loadShop(ctx)).warehouses.find((w) => w.id === input.id)?.name ?? '';
        throw new AppError('E_INVALID_STATE', `仓库「${name}」还有库存：${left}。请先盘点清零或调出后再停用`);
      }
    }
    // Read, change and write the warehouse list in one transaction: two saves at once never lose one.
    return ctx.db.transaction(async (tx) => {
      const shop = await tx.get<Shop>('shops', ctx.member.shopId);
      if (!shop) throw new AppError('E_NO_SHOP', '店铺不存在或已关闭');
      const warehouses = [...shop.warehouses];
      if (warehouses.some((w) => w.name === input.name && w.id !== input.id)) throw new AppError('E_DUPLICATE', `已有名为「${input.name}」的仓库`);
      let saved: Warehouse;
      let before: Warehouse | null = null;
      if (input.id) {
        const i = warehouses.findIndex((w) => w.id === input.id);
        if (i < 0) throw new AppError('E_NOT_FOUND', '仓库不存在');
        if (input.archived && warehouses[i].isDefault) throw new AppError('E_INVALID_STATE', '默认仓库不能停用');
        before = warehouses[i];
        saved = warehouses[i] = { ...warehouses[i], name: input.name, archived: input.archived };
      } else {
        if (warehouses.length >= 20) throw new AppError('E_INVALID_STATE', '最多 20 个仓库');
        saved = { id: `wh${newId(4)}`, name: input.name, isDefault: false, archived: false };
        warehouses.push(saved);
      }
      const changes = changesOf(before as unknown as Record<string, unknown> | null, saved as unknown as Record<string, unknown>, { name: '名称', archived: '停用' });
      await Promise.all([
        tx.update('shops', ctx.member.shopId, { warehouses: ctx.db.command.set(warehouses) }),
        ...(changes.length ? [audit(tx, ctx, { kind: 'warehouse', action: before ? (input.archived && !before.archived ? '停用仓库' : '修改仓库') : '新建仓库', target: { id: saved.id, name: saved.name }, changes })] : []),
      ]);
      return saved;
    });
  }),

  'members.list': action(['owner', 'manager'], schemas['members.list'], async (ctx) => {
    const members = await ctx.db.find<Member>('members', { shopId: ctx.member.shopId }, { orderBy: [['joinedAt', 'asc']], limit: 200 });
    return members.map(memberView);
  }),

  'members.update': action(['owner'], schemas['members.update'], async (ctx, input) => {
    return ctx.db.transaction(async (tx) => {
      const target = await tx.get<Member>('members', input.openid);
      if (!target || target.shopId !== ctx.member.shopId) throw new AppError('E_NOT_FOUND', '该成员不在你的店铺');
      if (target.role === 'owner') throw new AppError('E_INVALID_STATE', '不能修改店主本人');
      const patch: Record<string, unknown> = {};
      if (input.role) patch.role = input.role;
      if (input.status) patch.status = input.status;
      const after = { ...target, ...patch, _id: input.openid } as Member;
      const changes = changesOf(target as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>, { role: '角色', status: '状态' });
      if (changes.length) {
        await Promise.all([tx.update('members', input.openid, patch), audit(tx, ctx, { kind: 'member', action: input.status === 'disabled' && target.status !== 'disabled' ? '停用店员' : '修改店员', target: { id: input.openid, name: target.name }, changes })]);
      }
      return memberView(after);
    });
  }),

  'invites.create': action(['owner'], schemas['invites.create'], async (ctx, input) => {
    const code = inviteCode();
    const expiresAt = new Date(Date.now() + input.expiresInHours * 3600_000);
    await ctx.db.transaction(async (tx) => {
      await Promise.all([
        tx.set('invites', code, { shopId: ctx.member.shopId, role: input.role, expiresAt, createdBy: ctx.openid, usedBy: null, createdAt: new Date() }),
        audit(tx, ctx, { kind: 'member', action: '邀请店员', target: { id: code, name: `邀请码 ${code}` }, changes: [{ field: 'role', label: '角色', before: null, after: input.role }] }),
      ]);
    });
    return { code, role: input.role, expiresAt: expiresAt.toISOString() };
  }),

  'invites.accept': action('newcomer', schemas['invites.accept'], async (ctx, input) => {
    const member = await ctx.db.transaction(async (tx) => {
      const [invite, existing] = await Promise.all([tx.get<Invite>('invites', input.code), tx.get<Member>('members', ctx.openid)]);
      if (!invite) throw new AppError('E_NOT_FOUND', '邀请码不存在');
      if (invite.usedBy) throw new AppError('E_INVALID_STATE', '邀请码已被使用');
      if (new Date(invite.expiresAt).getTime() < Date.now()) throw new AppError('E_INVALID_STATE', '邀请码已过期');
      if (existing?.status === 'disabled') throw memberDisabled();
      if (existing) throw new AppError('E_DUPLICATE', existing.shopId === invite.shopId ? '你已经是该店铺成员' : '你已经加入了其他店铺');
      const m: Member = { _id: ctx.openid, shopId: invite.shopId, openid: ctx.openid, role: invite.role, name: input.name, status: 'active' };
      await Promise.all([
        tx.update('invites', input.code, { usedBy: ctx.openid, usedAt: new Date() }),
        tx.set('members', ctx.openid, { ...m, joinedAt: new Date() }),
      ]);
      return m;
    });
    return mineView(member, await ctx.db.getById<Shop>('shops', member.shopId));
  }),

  /** A ready-made shop with products, stock and history, for trying the app (and `npm start`). */
  'dev.seedDemo': action('wechat', schemas['dev.seedDemo'], async (ctx) => {
    if (!deployment().demoEnabled) throw new AppError('E_FORBIDDEN', '此环境未开启示范店铺（部署时设置 STOCKMATE_DEMO=1 才可创建）');
    return seedDemoShop(ctx);
  }),
};

function inviteCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O/1/I: read aloud over the phone
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
