// Inputs generated from the contract itself (the zod schema of every action, through its JSON
// schema): valid ones for the role matrix, and bad ones for the bad-input suite. Nothing here names
// an action's fields: a field added to a schema is generated and mutated without a change here.
import fc from 'fast-check';
import { z } from 'zod';
import { inputIssue } from '../../server/core/router';
import type { LocalCloud } from '../../localcloud';
import { schemas } from '../../typings/api';
import { fileSchemas } from '../../typings/api/files';

export const SEED = 20260801;

type Json = Record<string, any>;
export type Input = Record<string, unknown>;

/** Every cloud function the router serves, with its contract: the suites walk all their actions. */
const FUNCTIONS: Record<string, Record<string, z.ZodType>> = { api: schemas, export: fileSchemas };

const contract: Record<string, z.ZodType> = {};
const functionOfAction: Record<string, string> = {};
for (const [fn, table] of Object.entries(FUNCTIONS)) {
  for (const [action, schema] of Object.entries(table)) {
    if (functionOfAction[action]) throw new Error(`${action} is in both ${functionOfAction[action]} and ${fn}`);
    contract[action] = schema;
    functionOfAction[action] = fn;
  }
}

export const actionNames = Object.keys(contract).sort();

/** The cloud function that serves an action. */
export function functionOf(action: string): string {
  return functionOfAction[action];
}

/** Calls an action through its own cloud function as a WeChat user; answers the router's envelope. */
export async function callAction(lc: LocalCloud, openid: string, action: string, input: Record<string, unknown> = {}): Promise<any> {
  const r = await lc.invoke(functionOf(action), { action, ...input }, { openid });
  if (r.error) throw new Error(r.error.errMsg);
  return r.result;
}

export function jsonSchemaOf(action: string): Json {
  return z.toJSONSchema(contract[action], { io: 'input', unrepresentable: 'any' }) as Json;
}

/** Whether the contract accepts an input: the router's generic limits, then the action's schema. */
export function accepted(action: string, input: unknown): boolean {
  return inputIssue(input) === null && contract[action].safeParse(input).success;
}

// Values of the formats a shop uses (a valid EAN-13, a calendar day, an invite code, a mobile
// number, a warehouse id): a field whose schema refines beyond its JSON schema finds one of them.
const SAMPLE_STRINGS = ['可乐', '6901234567892', '2026-06-30', 'ABCDEFGH', '13800000000', 'main', 'x'];

function stringArb(s: Json): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 24, 24);
  const fits = SAMPLE_STRINGS.filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity) && (!s.pattern || new RegExp(s.pattern).test(v)));
  if (s.pattern) {
    const matching = fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
    return fits.length ? fc.oneof(fc.constantFrom(...fits), matching) : matching;
  }
  const free = fc.string({ unit: fc.constantFrom(...'abc小店123'), minLength: Math.max(min, 1), maxLength: Math.max(min, max, 1) });
  return fits.length ? fc.oneof(fc.constantFrom(...fits), free) : free;
}

/** Inputs the JSON schema describes (fast-check arbitraries); the zod schema has the last word. */
export function arbitraryOf(s: Json): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map(arbitraryOf));
  switch (s.type) {
    case 'object': {
      const props: Json = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, arbitraryOf(p)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
    }
    case 'array':
      return fc.array(arbitraryOf(s.items ?? {}), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 2, Math.max(s.minItems ?? 0, 2)) });
    case 'string':
      return stringArb(s);
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? 0, -1e6), max: Math.min(s.maximum ?? 1000, Math.max(s.minimum ?? 0, 0) + 1000) });
    case 'number':
      return fc.double({ min: s.minimum ?? 0, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.constant(null);
  }
}

/** Valid inputs of an action, smallest first (by JSON length); fixed seed. */
export function validInputs(action: string, tries = 400): Input[] {
  const samples = fc.sample(arbitraryOf(jsonSchemaOf(action)), { seed: SEED, numRuns: tries }) as Input[];
  const ok = samples.filter((x) => accepted(action, x));
  const unique = [...new Map(ok.map((x) => [JSON.stringify(x), x])).values()];
  return unique.sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
}

/** The input with every key and list item removed that the contract does not need. */
export function minimize(action: string, input: Input): Input {
  let current = JSON.parse(JSON.stringify(input)) as Input;
  const tryWithout = (path: (string | number)[]): boolean => {
    const copy = JSON.parse(JSON.stringify(current)) as Input;
    let node: any = copy;
    for (const seg of path.slice(0, -1)) node = node[seg];
    const last = path[path.length - 1];
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
    if (!accepted(action, copy)) return false;
    current = copy;
    return true;
  };
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) if (!tryWithout([...path, i])) visit(node[i], [...path, i]);
    } else if (node && typeof node === 'object') {
      for (const k of Object.keys(node)) if (!tryWithout([...path, k])) visit((node as Input)[k], [...path, k]);
    }
  };
  visit(current, []);
  return current;
}

/** The smallest input the contract accepts for an action (generated, then minimized). */
export function minimalInput(action: string): Input {
  const valid = validInputs(action);
  if (!valid.length) throw new Error(`no valid input generated for ${action}: teach SAMPLE_STRINGS the format its schema needs`);
  return minimize(action, valid[0]);
}

/** Every place of an input (object keys, array items) with the JSON schema that describes it. */
export function placesOf(input: unknown, s: Json, path: (string | number)[] = []): { path: (string | number)[]; schema: Json }[] {
  const out = path.length ? [{ path, schema: s }] : [];
  const variants: Json[] = s.anyOf ?? [s];
  for (const v of variants) {
    if (v.type === 'object' && input && typeof input === 'object' && !Array.isArray(input)) {
      for (const [k, value] of Object.entries(input)) if (v.properties?.[k]) out.push(...placesOf(value, v.properties[k], [...path, k]));
      // Absent optional fields are places too: a bad value sent where nothing was.
      for (const [k, p] of Object.entries<Json>(v.properties ?? {})) if (!(k in (input as object))) out.push({ path: [...path, k], schema: p });
      break;
    }
    if (v.type === 'array' && Array.isArray(input)) {
      input.forEach((item, i) => out.push(...placesOf(item, v.items ?? {}, [...path, i])));
      break;
    }
  }
  return out;
}

const CONTROL = [...Array.from({ length: 32 }, (_x, i) => String.fromCharCode(i)).filter((c) => c !== '\t' && c !== '\n'), '\u007f', '\u0085', '\u009b', '\ud800', '\udfff'];
const OPERATORS: unknown[] = [{ $gt: '' }, { $ne: null }, { $where: 'sleep(1000) || true' }, { $regex: '.*', $options: 'i' }, { $in: [] }, { $exists: true }, { 'a.b': 1 }];
const NUMBERISH = ['NaN', 'Infinity', '-Infinity', '1e309', '0x10', '12', '', ' 1', '1_000'];

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { v };
  return v;
}

/** Values a field of this schema can never hold (checked against the contract by the caller). */
export function badValueArb(s: Json): fc.Arbitrary<unknown> {
  const types: string[] = (s.anyOf ?? [s]).map((v: Json) => v.type ?? 'any');
  const anyType: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(...OPERATORS),
    fc.constant(nested(40)),
    fc.constantFrom(2 ** 60, -(2 ** 60), 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2),
    fc.string({ minLength: 4001, maxLength: 4100 }),
    fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...CONTROL), fc.string({ maxLength: 8 })).map(([a, c, b]) => a + c + b),
  ];
  if (!types.includes('null')) anyType.push(fc.constant(null));
  if (!types.includes('string')) anyType.push(fc.constantFrom(...NUMBERISH), fc.string({ maxLength: 12 }));
  if (!types.includes('integer') && !types.includes('number')) anyType.push(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  if (!types.includes('boolean')) anyType.push(fc.boolean());
  if (!types.includes('array')) anyType.push(fc.constant([]), fc.constant(['x', 1]));
  if (!types.includes('object')) anyType.push(fc.constant({}), fc.constant({ value: 1 }));
  for (const v of s.anyOf ?? [s]) {
    if (v.type === 'string' && v.maxLength !== undefined) anyType.push(fc.string({ unit: 'grapheme-ascii', minLength: v.maxLength + 1, maxLength: v.maxLength + 40 }).filter((x) => x.trim().length > v.maxLength));
    if (v.type === 'string' && v.enum) anyType.push(fc.constantFrom('OWNER', 'other', `${v.enum[0]} `.repeat(2)));
    if (v.type === 'integer') anyType.push(fc.constantFrom(0.5, 1.25, -0.001));
    if ((v.type === 'integer' || v.type === 'number') && v.minimum !== undefined) anyType.push(fc.constant(v.minimum - 1));
    if ((v.type === 'integer' || v.type === 'number') && v.maximum !== undefined && v.maximum < Number.MAX_SAFE_INTEGER) anyType.push(fc.constant(v.maximum + 1));
    if (v.type === 'array' && v.maxItems !== undefined) anyType.push(fc.constant(Array.from({ length: v.maxItems + 1 }, () => 'x')));
  }
  return fc.oneof(...anyType);
}

export function withValue(input: Input, path: (string | number)[], value: unknown): Input {
  const copy = JSON.parse(JSON.stringify(input)) as Input;
  let node: any = copy;
  for (const seg of path.slice(0, -1)) node = node[seg];
  node[path[path.length - 1]] = value;
  return copy;
}
