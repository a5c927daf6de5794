// One audit change as a line a merchant reads: 售价 ¥5.00 → ¥5.50, 角色 店员 → 店长, 停用 否 → 是.
import { fenToYuan } from '../../../../utils/money';

const ROLE: Record<string, string> = { owner: '店主', manager: '店长', clerk: '店员' };
const STATUS: Record<string, string> = { active: '正常', disabled: '已停用' };

export function valueText(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '空';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number' && field.endsWith('Fen')) return `¥${fenToYuan(v)}`;
  if (field === 'role') return ROLE[String(v)] ?? String(v);
  if (field === 'status' && STATUS[String(v)]) return STATUS[String(v)];
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('、') : '空';
  if (typeof v === 'object') {
    const u = v as { name?: string; factor?: number };
    return u.name && u.factor ? `${u.name}（${u.factor}）` : JSON.stringify(v);
  }
  return String(v);
}

export function changeText(c: { field: string; label: string; before: unknown; after: unknown }): string {
  return c.before === null || c.before === undefined ? `${c.label} ${valueText(c.field, c.after)}` : `${c.label} ${valueText(c.field, c.before)} → ${valueText(c.field, c.after)}`;
}
