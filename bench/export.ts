// Export of a shop's product list to .xlsx by the `export` function: time, file size, database
// requests (reads page by 1000, plus the storage upload and temporary URL), and memory.
// Products are written straight into the database (1000 per request) to set the stage quickly.
// Run: npm run bench -- export [--products 10000]
import os from 'node:os';
import { startLocalCloud } from '../localcloud';

export async function benchExport(args: Record<string, string>) {
  const count = Number(args.products ?? 10000);
  const lc = await startLocalCloud({ port: 0, dataDir: null });
  await lc.invoke('api', { action: 'system.setup' });
  const owner = 'bench-export-owner';
  const shop = ((await lc.invoke('api', { action: 'shops.create', name: '导出压测' }, { openid: owner })).result as any).data.shop;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database();
  const now = new Date();
  for (let i = 0; i < count; i += 1000) {
    const data = Array.from({ length: Math.min(1000, count - i) }, (_, k) => {
      const n = i + k;
      return {
        shopId: shop._id, name: `压测商品${String(n).padStart(5, '0')}`, sku: `SKU${n}`, barcodes: [], spec: '500ml', brand: '品牌', category: `分类${n % 20}`, images: [],
        baseUnit: '瓶', purchaseUnit: { name: '箱', factor: 12 }, saleUnit: null, salePriceFen: 300 + (n % 500), purchasePriceFen: 200, minStock: 5, maxStock: 50,
        leadTimeDays: 3, minOrderQty: 1, preferredSupplierId: '', batchTracked: false, archived: false, onHand: n % 37, lowStock: false, createdAt: now, updatedAt: now, searchText: `压测商品${n}`,
      };
    });
    await db.collection('products').add({ data });
  }
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const r = await lc.invoke('export', { action: 'export.create', kind: 'products' }, { openid: owner });
  clearInterval(sampler);
  const body = r.result as any;
  if (r.error || !body.ok) throw new Error(JSON.stringify(r.error ?? body.error));
  const stats = lc.invocationStats(r.requestId);
  console.log(`export.create products on localcloud (${os.cpus().length} cores, node ${process.version}, ${count} products)`);
  console.log(`  ms ${r.durationMs}  file ${(body.data.bytes / 1024).toFixed(0)} KB  rows ${body.data.rows}`);
  console.log(`  requests ${stats.total}  ${JSON.stringify(stats.byAction)}`);
  console.log(`  heap growth during the call (peak, sampled every 20 ms) ${((peak - heapBefore) / 1024 / 1024).toFixed(0)} MB`);
  await lc.stop();
}
