import fs from 'node:fs';
import path from 'node:path';
import { renderApiDoc } from '../../scripts/api-doc';
import { schemas } from '../../typings/api';
import { fileSchemas } from '../../typings/api/files';

const doc = renderApiDoc();

test('API.md documents every action as the code defines it (run `npm run docs:api` after changes)', () => {
  expect(fs.readFileSync(path.join(__dirname, '../../API.md'), 'utf8')).toBe(doc);
});

test('every output type is whole, and every type it names is declared under Types', () => {
  const outputs = [...doc.matchAll(/^- Output: `(.*)`$/gm)].map((m) => m[1]);
  expect(outputs).toHaveLength(Object.keys(schemas).length + Object.keys(fileSchemas).length);
  const count = (s: string, c: string) => s.split(c).length - 1;
  for (const o of outputs) {
    expect([o, count(o, '{'), count(o, '[')]).toEqual([o, count(o, '}'), count(o, ']')]);
    expect(o).not.toMatch(/[;|]\s*$/);
  }
  expect(doc).toContain("- Output: `{ product: ProductView | null; code: string; unit: { name: string; factor: number } | null; warehouseOnHand: number | null }`");
  const declared = new Set([...doc.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));
  const builtins = new Set(['Record', 'Pick', 'Omit', 'Partial']);
  for (const o of outputs) for (const [name] of o.matchAll(/\b[A-Z]\w+\b/g)) if (!builtins.has(name)) expect([name, declared.has(name)]).toEqual([name, true]);
});

test('one convention for quantities and amounts, and every shape of `details`, are documented', () => {
  expect(doc).toMatch(/## Conventions[\s\S]*base unit[\s\S]*fen[\s\S]*`unitCost`[\s\S]*Signs/);
  for (const code of ['E_VALIDATION', 'E_INSUFFICIENT_STOCK', 'E_CONFIRM_REQUIRED', 'E_PRICE_LIMIT']) expect(doc).toMatch(new RegExp(`^\\| \`${code}\` \\| \`.+\` \\|`, 'm'));
  expect(doc).toMatch(/^export interface Shortage \{/m);
});
