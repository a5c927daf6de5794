// WeChat cloud timer triggers: 7 fields "second minute hour day month weekday year", UTC+8.
const FIELDS: [number, number][] = [[0, 59], [0, 59], [0, 23], [1, 31], [1, 12], [0, 6], [1970, 2099]];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export type CronSpec = Set<number>[];

export function parseCron(expr: string): CronSpec {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 7) throw new Error(`timer trigger needs 7 fields (second minute hour day month weekday year): "${expr}"`);
  return parts.map((part, i) => parseField(part, FIELDS[i], i));
}

function parseField(part: string, [min, max]: [number, number], index: number): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(',')) {
    const [rangePart, stepPart] = item.split('/');
    const step = stepPart ? Number(stepPart) : 1;
    let lo = min, hi = max;
    if (rangePart !== '*' && rangePart !== '?') {
      const [a, b] = rangePart.split('-').map((t) => named(t, index));
      lo = a;
      hi = b === undefined ? (stepPart ? max : a) : b;
    }
    if (![lo, hi, step].every(Number.isInteger) || lo < min || hi > max || step < 1) {
      throw new Error(`bad cron field "${part}"`);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

function named(token: string, index: number): number {
  const upper = token.toUpperCase();
  if (index === 4 && MONTHS.includes(upper)) return MONTHS.indexOf(upper) + 1;
  if (index === 5 && DAYS.includes(upper)) return DAYS.indexOf(upper);
  return Number(token);
}

/** Does the spec fire at this instant (evaluated in China time, UTC+8)? */
export function cronMatches(spec: CronSpec, at: Date): boolean {
  const t = new Date(at.getTime() + 8 * 3600 * 1000);
  const values = [t.getUTCSeconds(), t.getUTCMinutes(), t.getUTCHours(), t.getUTCDate(), t.getUTCMonth() + 1, t.getUTCDay(), t.getUTCFullYear()];
  return values.every((v, i) => spec[i].has(v));
}
