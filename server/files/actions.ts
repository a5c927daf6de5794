// The action table of the `export` cloud function, routed by the same router as `api` (input
// schemas, member and role checks, typed errors).
import { fileSchemas, FileActionName, FileOutputs } from '../../typings/api/files';
import { AppError } from '../core/errors';
import { action, ActionDef } from '../core/router';
import { loadShop } from '../core/shop';
import { createBackup, listBackups, restoreBackup, weeklyBackups } from './backup';
import { EXPORTS, exportFileName } from './exports';
import { commitImport, previewImport } from './import';
import { OPENING_COLUMNS, productColumns } from './products-sheet';
import { saveFile, shopPath } from './storage';
import { workbookBuffer } from './xlsx';

/** config.json gives the function 60 s; long work stops starting new steps well before that. */
export const TIME_BUDGET_MS = 45_000;

export const fileActions: { [A in FileActionName]: ActionDef<(typeof fileSchemas)[A], FileOutputs[A]> } = {
  'export.create': action(['owner', 'manager', 'clerk'], fileSchemas['export.create'], async (ctx, input) => {
    const def = EXPORTS[input.kind];
    if (!def.roles.includes(ctx.member.role)) throw new AppError('E_FORBIDDEN', '你没有权限导出这项数据');
    const shop = await loadShop(ctx);
    const sheets = await def.sheets(ctx, shop, input);
    const content = await workbookBuffer(sheets);
    const fileName = exportFileName(def, shop, input, ctx.requestNow);
    const saved = await saveFile(ctx.cloud, shopPath('exports', shop._id, `${Date.now().toString(36)}/${fileName}`), content);
    return { fileID: saved.fileID, tempFileURL: saved.tempFileURL, fileName, bytes: saved.bytes, rows: sheets.reduce((n, s) => n + s.rows.length, 0) };
  }),

  'import.template': action(['owner', 'manager'], fileSchemas['import.template'], async (ctx) => {
    const example = [
      { name: '可口可乐 330ml', barcodes: '6901234567892', category: '饮料', baseUnit: '瓶', purchaseUnitName: '箱', purchaseUnitFactor: 24, salePriceFen: 300, purchasePriceFen: 180, minStock: 24, batchTracked: '否', openingQty: 48, openingCostFen: 180 },
      { name: '纯牛奶 250ml', category: '乳品', baseUnit: '盒', salePriceFen: 450, batchTracked: '是', openingQty: 12, batchNo: 'B2026', expiryDate: '2027-01-31' },
    ];
    const content = await workbookBuffer([{ name: '商品', columns: [...productColumns(true), ...OPENING_COLUMNS], rows: example }]);
    const fileName = '商品导入模板.xlsx';
    const saved = await saveFile(ctx.cloud, shopPath('exports', ctx.member.shopId, `template/${fileName}`), content);
    return { fileID: saved.fileID, tempFileURL: saved.tempFileURL, fileName, bytes: saved.bytes, rows: example.length };
  }),

  'import.preview': action(['owner', 'manager'], fileSchemas['import.preview'], (ctx, input) => previewImport(ctx, input.fileID)),

  'import.commit': action(['owner', 'manager'], fileSchemas['import.commit'], (ctx, input) =>
    commitImport(ctx, input.fileID, input.requestId, ctx.requestNow.getTime() + TIME_BUDGET_MS),
  ),

  'backup.create': action(['owner'], fileSchemas['backup.create'], (ctx) => createBackup(ctx.db, ctx.cloud, ctx.member.shopId, 'manual')),

  'backup.list': action(['owner'], fileSchemas['backup.list'], async (ctx) => ({ backups: await listBackups(ctx.db, ctx.member.shopId) })),

  'backup.restore': action(['owner'], fileSchemas['backup.restore'], (ctx, input) =>
    restoreBackup(ctx.db, ctx.cloud, { shopId: ctx.member.shopId, ownerOpenid: ctx.openid }, input.fileID, input.restoreKey, ctx.requestNow.getTime() + TIME_BUDGET_MS),
  ),

  'backup.weekly': action('console', fileSchemas['backup.weekly'], (ctx, input) => weeklyBackups(ctx.db, ctx.cloud, ctx.requestNow.getTime() + TIME_BUDGET_MS, input.shopIds)),
};
