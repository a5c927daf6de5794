// Building blocks of the action schemas.
import { z } from 'zod';
import { barcodeProblem } from '../../miniprogram/utils/barcode';

/**
 * A client-generated id per write request: a retry with the same id applies once. No `_`: ids the
 * server makes (a reversal's) contain one, so a client can never occupy them.
 */
export const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '请求编号格式不正确');
/** A document id; server-made ids are `{shopId}_{requestId}[-…]`, so up to 128 characters. */
export const id = z.string().min(1, '不能为空').max(128);
export const name = (label: string, max = 60) => z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最长 ${max} 个字`);
export const text = (max: number) => z.string().trim().max(max, `最长 ${max} 个字`);
export const fen = z.number().int('金额必须精确到分').min(0, '金额不能为负').max(1e11, '金额太大');
export const qty = z.number().int('数量必须是整数').min(1, '数量至少为 1').max(1e8, '数量太大');
export const signedQty = z.number().int('数量必须是整数').refine((v) => v !== 0, '数量不能为 0').refine((v) => Math.abs(v) <= 1e8, '数量太大');
export const barcode = z.string().trim().superRefine((v, ctx) => {
  const problem = barcodeProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** A real calendar date (2026-02-30 is refused), YYYY-MM-DD. */
export const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, '日期不存在，请检查年月日');
export const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) };
export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}
