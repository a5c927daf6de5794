// The single router of the api function: validate input once (zod, from typings/), resolve the
// caller's shop and role from the WeChat context, check the action's access, run the handler, and
// answer { ok, data } or { ok: false, error } — never a stack trace.
import { z } from 'zod';
import { describeIssue, issueMessage } from '../../typings/api/common';
import { ApiResponse } from '../../typings/errors';
import type { Role } from '../../typings/models';
import { Db } from './db';
import { AppError } from './errors';

z.config({ ...z.locales.zhCN(), customError: issueMessage });

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
  /** Set for every action that declares roles; null for the other kinds of access. */
  member: Member | null;
  requestNow: Date;
}

/** Context of an action that requires a shop member (roles declared). */
export type MemberContext = ActionContext & { member: Member };

/**
 * Who may call an action:
 * - roles: an active member of a shop with one of them;
 * - 'anyone': any caller, even without a WeChat identity (the handler sees `member: null`);
 * - 'wechat': any WeChat user, in a shop or not, disabled or not (`member: null`);
 * - 'newcomer': a WeChat user opening or joining a shop (never a disabled member);
 * - 'console': the cloud console, the command line or a timer — callers without an OPENID.
 */
export type Access = readonly Role[] | 'anyone' | 'wechat' | 'newcomer' | 'console';

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
  access: 'anyone' | 'wechat' | 'newcomer' | 'console',
  input: S,
  handler: (ctx: ActionContext, input: z.output<S>) => Promise<O>,
): ActionDef<S, O>;
export function action<S extends z.ZodType, O>(access: Access, input: S, handler: (ctx: any, input: z.output<S>) => Promise<O>): ActionDef<S, O> {
  return { access, input, handler };
}

export type ActionTable = Record<string, ActionDef<any, any>>;

/** Limits every user value obeys whatever its field: what no schema should have to repeat. */
export const INPUT_LIMITS = { depth: 12, stringLength: 4000, keys: 500 } as const;
// C0 controls except tab and newline, DEL, C1 controls, and lone surrogates: no user text carries
// them and the database refuses some of them (a NUL in a regex is a server error there).
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface InputIssue {
  path: (string | number)[];
  message: string;
}

/** The first value of the input that no field may hold, walked iteratively (deep input cannot overflow). */
export function inputIssue(input: unknown): InputIssue | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > INPUT_LIMITS.stringLength) return { path, message: `内容太长（最多 ${INPUT_LIMITS.stringLength} 个字）` };
      if (FORBIDDEN_CHAR.test(value)) return { path, message: '含有不可见的控制字符，请删除后重试' };
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return { path, message: '数值超出范围' };
    } else if (value !== null && typeof value === 'object') {
      if (path.length >= INPUT_LIMITS.depth) return { path: path.slice(0, 1), message: '输入层级过深' };
      const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
      if (entries.length > INPUT_LIMITS.keys) return { path, message: `最多 ${INPUT_LIMITS.keys} 项` };
      for (const [key, v] of entries) {
        // `$` and `.` in a field name are database operators and paths, never a field of ours.
        if (typeof key === 'string' && (FORBIDDEN_CHAR.test(key) || key.length > 128 || key.startsWith('$') || key.includes('.'))) {
          return { path: [...path, key], message: '字段名无效' };
        }
        stack.push({ value: v, path: [...path, key] });
      }
    }
  }
  return null;
}

/** One E_VALIDATION for the issues of an input: a human first message, raw paths in `details`. */
function validationError(issues: { path: readonly PropertyKey[]; message: string }[]): AppError {
  const details = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  return new AppError('E_VALIDATION', first ? `输入有误：${describeIssue(first.path, first.message)}` : undefined, details);
}

/** Resolves the caller against the action's access, or throws the code that tells them why not. */
async function admit(db: Db, access: Access, openid: string): Promise<Member | null> {
  if (access === 'anyone') return null;
  if (access === 'console') {
    if (openid) throw new AppError('E_FORBIDDEN', '该操作只能在云开发控制台或命令行执行');
    return null;
  }
  if (!openid) throw new AppError('E_UNAUTHENTICATED');
  if (access === 'wechat') return null;
  const member = await db.getById<Member>('members', openid);
  if (member?.status === 'disabled') throw new AppError('E_MEMBER_DISABLED');
  // A newcomer's handler refuses members already in a shop itself, inside its transaction.
  if (access === 'newcomer') return null;
  if (!member) throw new AppError('E_NO_SHOP');
  if (!access.includes(member.role)) throw new AppError('E_FORBIDDEN');
  return member;
}

export function createRouter(actions: ActionTable, cloud: any) {
  const db = new Db(cloud.database());
  return async function route(event: Record<string, unknown>): Promise<ApiResponse<unknown>> {
    try {
      const { action: name, ...input } = event ?? {};
      const def = typeof name === 'string' && Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
      if (!def) throw new AppError('E_UNKNOWN_ACTION', `不支持的操作：${String(name).slice(0, 64)}`);
      const bad = inputIssue(input);
      if (bad) throw validationError([bad]);
      const parsed = def.input.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error.issues);
      const { OPENID } = cloud.getWXContext();
      const ctx: ActionContext = { db, cloud, openid: OPENID ?? '', member: null, requestNow: new Date() };
      ctx.member = await admit(db, def.access, ctx.openid);
      const data = await def.handler(ctx, parsed.data);
      return { ok: true, data: data ?? null };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toBody() };
      console.error('[api] unexpected error', e);
      return { ok: false, error: new AppError('E_INTERNAL').toBody() };
    }
  };
}
