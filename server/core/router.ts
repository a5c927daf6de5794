// The single router of the api function: validate input once (zod, from typings/), resolve the
// caller's shop and role from the WeChat context, check the action's roles, run the handler, and
// answer { ok, data } or { ok: false, error } — never a stack trace.
import { z } from 'zod';
import { ApiResponse } from '../../typings/errors';
import type { Role } from '../../typings/models';
import { Db } from './db';
import { AppError } from './errors';

z.config(z.locales.zhCN());

export interface Member {
  _id: string; // the member's openid: one shop per WeChat user
  shopId: string;
  openid: string;
  role: Role;
  name: string;
  status: 'active' | 'disabled';
}

export interface ActionContext {
  db: Db;
  cloud: any;
  openid: string;
  /** Set for every action that declares roles; null only for 'anyone' actions. */
  member: Member | null;
  requestNow: Date;
}

/** Context of an action that requires a shop member (roles declared). */
export type MemberContext = ActionContext & { member: Member };

export type Access = readonly Role[] | 'anyone';

export interface ActionDef<S extends z.ZodType, O> {
  access: Access;
  input: S;
  handler: (ctx: any, input: z.output<S>) => Promise<O>;
}

export function action<S extends z.ZodType, O>(
  access: readonly Role[],
  input: S,
  handler: (ctx: MemberContext, input: z.output<S>) => Promise<O>,
): ActionDef<S, O>;
export function action<S extends z.ZodType, O>(
  access: 'anyone',
  input: S,
  handler: (ctx: ActionContext, input: z.output<S>) => Promise<O>,
): ActionDef<S, O>;
export function action<S extends z.ZodType, O>(access: Access, input: S, handler: (ctx: any, input: z.output<S>) => Promise<O>): ActionDef<S, O> {
  return { access, input, handler };
}

export type ActionTable = Record<string, ActionDef<any, any>>;

export function createRouter(actions: ActionTable, cloud: any) {
  const db = new Db(cloud.database());
  return async function route(event: Record<string, unknown>): Promise<ApiResponse<unknown>> {
    try {
      const { action: name, ...input } = event ?? {};
      const def = typeof name === 'string' && Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
      if (!def) throw new AppError('E_UNKNOWN_ACTION', `不支持的操作：${String(name)}`);
      const parsed = def.input.safeParse(input);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i: z.core.$ZodIssue) => ({ path: i.path.join('.'), message: i.message }));
        const first = details[0];
        throw new AppError('E_VALIDATION', first ? `输入有误：${first.path ? `${first.path} ` : ''}${first.message}` : undefined, details);
      }
      const { OPENID } = cloud.getWXContext();
      const ctx: ActionContext = { db, cloud, openid: OPENID ?? '', member: null, requestNow: new Date() };
      if (def.access !== 'anyone') {
        if (!ctx.openid) throw new AppError('E_UNAUTHENTICATED');
        const member = await db.getById<Member>('members', ctx.openid);
        if (!member || member.status !== 'active') throw new AppError('E_NO_SHOP');
        if (!def.access.includes(member.role)) throw new AppError('E_FORBIDDEN');
        ctx.member = member;
      }
      const data = await def.handler(ctx, parsed.data);
      return { ok: true, data: data ?? null };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toBody() };
      console.error('[api] unexpected error', e);
      return { ok: false, error: new AppError('E_INTERNAL').toBody() };
    }
  };
}
