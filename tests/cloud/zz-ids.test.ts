import { startApiCloud } from '../helpers/cloud';
import { seedDemo } from '../../localcloud/demo';
test('ids', async () => {
  const t = await startApiCloud();
  await seedDemo(t.lc, { days: 30 } as any);
  const out: string[] = [];
  for (const c of t.lc.store.listCollections()) {
    const docs = t.lc.store.all(c);
    out.push(`${c} ${docs.length} :: ${docs.slice(0, 3).map((d: any) => d._id).join(' | ')}`);
  }
  console.log(out.join('\n'));
  await t.lc.stop();
}, 120000);
