// The role matrix, generated from the action tables (the api and export functions): every action × every kind of caller, each with
// the smallest input the contract accepts. A caller the action's declared access excludes gets the
// code that says why; any other caller is never refused for access reasons.
import { LocalCloud } from '../../localcloud';
import { apiActions } from '../../server/actions';
import { fileActions } from '../../server/files/actions';
import type { Access } from '../../server/core/router';
import type { Role } from '../../typings/models';
import { createTestShop, startApiCloud, TestShop } from '../helpers/cloud';
import { actionNames, callAction, minimalInput } from './contract';

type Caller = Role | 'stranger' | 'disabled' | 'console';
const CALLERS: Caller[] = ['owner', 'manager', 'clerk', 'stranger', 'disabled', 'console'];
const ACCESS_CODES = ['E_UNAUTHENTICATED', 'E_NO_SHOP', 'E_MEMBER_DISABLED', 'E_FORBIDDEN'];

/** What the declared access means for a WeChat caller (see `Access` in server/core/router.ts). */
function expectedRefusal(access: Access, caller: Caller): string | null {
  if (access === 'anyone') return null;
  if (access === 'console') return caller === 'console' ? null : 'E_FORBIDDEN';
  if (caller === 'console') return 'E_UNAUTHENTICATED'; // no WeChat identity
  if (access === 'wechat') return null;
  if (caller === 'disabled') return 'E_MEMBER_DISABLED';
  if (access === 'newcomer') return null;
  if (caller === 'stranger') return 'E_NO_SHOP';
  return access.includes(caller) ? null : 'E_FORBIDDEN';
}

let lc: LocalCloud;
let shop: TestShop;
const demoBefore = process.env.STOCKMATE_DEMO;

beforeAll(async () => {
  process.env.STOCKMATE_DEMO = '1'; // dev.seedDemo is then refused only for access reasons
  ({ lc } = await startApiCloud());
  shop = await createTestShop(lc, 'matrix');
  const invite = await shop.as(shop.owner)('invites.create', { role: 'manager' });
  await shop.as('matrix-disabled')('invites.accept', { code: invite.code, name: '前店长' });
  await shop.as(shop.owner)('members.update', { openid: 'matrix-disabled', status: 'disabled' });
});
afterAll(async () => {
  if (demoBefore === undefined) delete process.env.STOCKMATE_DEMO;
  else process.env.STOCKMATE_DEMO = demoBefore;
  await lc.stop();
});

test('every action × every caller: refused with the right code exactly when its declared access excludes the caller', async () => {
  const table = { ...apiActions, ...fileActions } as Record<string, { access: Access }>;
  expect(Object.keys(table).sort()).toEqual(actionNames);
  const openids: Record<Caller, (action: string) => string> = {
    owner: () => shop.owner,
    manager: () => shop.manager,
    clerk: () => shop.clerk,
    stranger: (action) => `matrix-stranger-${action}`, // fresh per action: opening a shop changes who they are
    disabled: () => 'matrix-disabled',
    console: () => '', // the cloud console, the command line, a timer: no OPENID
  };
  const expected: Record<string, string> = {};
  const actual: Record<string, string> = {};
  let admitted = 0;
  for (const action of actionNames) {
    const input = minimalInput(action);
    for (const caller of CALLERS) {
      const cell = `${action} × ${caller}`;
      const refusal = expectedRefusal(table[action].access, caller);
      const r = await callAction(lc, openids[caller](action), action, input);
      const code: string | null = r.ok ? null : r.error.code;
      expected[cell] = refusal ? `refused ${refusal}` : 'admitted';
      actual[cell] = refusal ? `refused ${code}` : code && ACCESS_CODES.includes(code) ? `refused ${code}: ${r.error.message}` : 'admitted';
      if (!refusal) admitted++;
    }
  }
  expect(actual).toEqual(expected);
  // The matrix is not vacuous: every action admits someone, and most cells are real calls.
  expect(admitted).toBeGreaterThan(actionNames.length);
  for (const action of actionNames) expect([action, CALLERS.some((c) => !expectedRefusal(table[action].access, c))]).toEqual([action, true]);
});
