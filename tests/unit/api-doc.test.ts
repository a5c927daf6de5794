import fs from 'node:fs';
import path from 'node:path';
import { renderApiDoc } from '../../scripts/api-doc';

test('API.md documents every action as the code defines it (run `npm run docs:api` after changes)', () => {
  expect(fs.readFileSync(path.join(__dirname, '../../API.md'), 'utf8')).toBe(renderApiDoc());
});
