// Every page of the mini program and the states worth a picture: `npm run screenshots` renders each
// to docs/screenshots/<name>--<state>.png. Adding a page (a subpackage's too) is one entry: its path
// under miniprogram/ and its states; each state opens the page as a role of the demo shop and
// drives it like a user. States run in this order against one shared localcloud.
import ExcelJS from 'exceljs';
import type { DemoProduct, Role, ShotContext } from './harness';
import { uploadProductImage } from '../../miniprogram/services/files';
import { fakeCanvas } from '../helpers/miniprogram';
import { svgContext } from './svg-canvas';
import { productPhoto } from './product-photos';

export interface ShotState {
  /** File-name part: <page>--<state>.png */
  state: string;
  /** One line for the index. */
  description: string;
  role: Role;
  /** Opens the page and brings it into the state; answers the page. */
  run(ctx: ShotContext): Promise<any>;
}

export interface ShotPage {
  /** Page path under miniprogram/, as in app.json (subpackage root included). */
  page: string;
  /** File-name part; default: the path without pages/ and index, dashed (packages/catalog/pages/detail/index → catalog-detail). */
  name?: string;
  states: ShotState[];
}

/** The owner photographed a few products (once per run): covers for the list and the product page. */
let photographed = false;
async function givePhotos(c: ShotContext): Promise<void> {
  if (photographed) return;
  photographed = true;
  const photos: [DemoProduct, Buffer][] = [
    ['cola', productPhoto([238, 232, 232], [200, 30, 40], [250, 250, 250])],
    ['chips', productPhoto([240, 236, 220], [230, 180, 30], [200, 40, 40])],
    ['oreo', productPhoto([225, 230, 240], [30, 60, 150], [250, 250, 250])],
  ];
  for (const [key, bytes] of photos) {
    const { product } = await c.api('owner', 'products.get', { id: c.products[key].id });
    const filePath = `wxfile://tmp/${key}.png`;
    c.wx.files[filePath] = bytes;
    const fileID = await uploadProductImage(product.shopId, filePath);
    await c.api('owner', 'products.update', { id: product._id, images: [fileID] });
  }
}

export const SPEC: ShotPage[] = [
  {
    page: 'pages/home/index',
    states: [
      { state: 'first-use', role: 'newUser', description: '第一次打开：开店或用邀请码加入', run: (c) => c.open('pages/home/index') },
      {
        state: 'first-use-error',
        role: 'newUser',
        description: '开店时没填店名',
        run: async (c) => {
          const page = await c.open('pages/home/index');
          await c.tap(page, '.create-shop');
          return page;
        },
      },
      { state: 'owner', role: 'owner', description: '店主：快捷入口和今日关注', run: (c) => c.open('pages/home/index') },
      { state: 'clerk', role: 'clerk', description: '店员看到的首页', run: (c) => c.open('pages/home/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('pages/home/index');
        },
      },
    ],
  },
  {
    page: 'pages/products/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '商品列表（店主）：有图片的商品显示封面，没有的显示名称首字',
        run: async (c) => (await givePhotos(c), c.open('pages/products/index')),
      },
      { state: 'clerk', role: 'clerk', description: '商品列表（店员）', run: (c) => c.open('pages/products/index') },
      {
        state: 'search-none',
        role: 'owner',
        description: '搜索没有结果',
        run: async (c) => {
          const page = await c.open('pages/products/index');
          page.querySelector('.search').dispatchEvent('change', { detail: '不存在的东西' });
          page.querySelector('.search').dispatchEvent('search', { detail: '不存在的东西' });
          await c.settle();
          return page;
        },
      },
      { state: 'empty', role: 'emptyShop', description: '新店还没有商品', run: (c) => c.open('pages/products/index') },
      { state: 'no-shop', role: 'newUser', description: '还没有店铺', run: (c) => c.open('pages/products/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('pages/products/index');
        },
      },
    ],
  },
  {
    page: 'pages/sell/index',
    states: [
      { state: 'empty', role: 'clerk', description: '开单：还没有扫码', run: (c) => c.open('pages/sell/index') },
      {
        state: 'lines',
        role: 'clerk',
        description: '店员扫了三样商品（可乐扫两次）',
        run: async (c) => {
          const page = await c.open('pages/sell/index');
          await c.scan(page, c.products.cola.barcode, c.products.cola.barcode, c.products.chips.barcode, c.products.milk.barcode);
          return page;
        },
      },
      {
        state: 'short-stock',
        role: 'owner',
        description: '数量超过库存，提交被拒',
        run: async (c) => {
          const page = await c.open('pages/sell/index');
          await c.scan(page, c.products.detergent.barcode, c.products.oreo.barcode);
          await c.setLineQty(page, 0, 50);
          await c.tap(page, '.submit');
          return page;
        },
      },
      {
        state: 'no-shop',
        role: 'newUser',
        description: '还没有店铺就扫码',
        run: async (c) => {
          const page = await c.open('pages/sell/index');
          await c.scan(page, c.products.cola.barcode);
          return page;
        },
      },
      {
        state: 'unknown-code',
        role: 'clerk',
        description: '输入了不存在的条码',
        run: async (c) => {
          c.wx.modalConfirm = false; // 不去新建
          const page = await c.open('pages/sell/index');
          await c.enterCode(page, '6900000000000');
          return page;
        },
      },
    ],
  },
  {
    page: 'pages/alerts/index',
    states: [
      { state: 'owner', role: 'owner', description: '预警（已计算）', run: (c) => c.open('pages/alerts/index') },
      {
        state: 'suggestions',
        role: 'owner',
        description: '补货建议，按供应商',
        run: async (c) => {
          const page = await c.open('pages/alerts/index');
          await c.tap(page, '.tab-suggestions');
          return page;
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员看到的预警', run: (c) => c.open('pages/alerts/index') },
      { state: 'not-computed', role: 'emptyShop', description: '新店，还没有计算过', run: (c) => c.open('pages/alerts/index') },
      { state: 'no-shop', role: 'newUser', description: '还没有店铺', run: (c) => c.open('pages/alerts/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('pages/alerts/index');
        },
      },
    ],
  },
  {
    page: 'pages/me/index',
    states: [
      { state: 'owner', role: 'owner', description: '店主：成员邀请和预警设置', run: (c) => c.open('pages/me/index') },
      {
        state: 'invite',
        role: 'owner',
        description: '店主刚生成了店员邀请码',
        run: async (c) => {
          const page = await c.open('pages/me/index');
          await c.tap(page, '.actions van-button');
          return page;
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员的“我的”', run: (c) => c.open('pages/me/index') },
      { state: 'no-shop', role: 'newUser', description: '还没有店铺', run: (c) => c.open('pages/me/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('pages/me/index');
        },
      },
    ],
  },
  {
    page: 'packages/catalog/pages/detail/index',
    states: [
      { state: 'owner', role: 'owner', description: '批次商品（牛奶）：库存、批次和流水', run: (c) => c.open('packages/catalog/pages/detail/index', { id: c.products.milk.id }) },
      { state: 'clerk', role: 'clerk', description: '店员看不到进价', run: (c) => c.open('packages/catalog/pages/detail/index', { id: c.products.cola.id }) },
      { state: 'not-found', role: 'owner', description: '商品不存在（已删除或别的店）', run: (c) => c.open('packages/catalog/pages/detail/index', { id: 'no-such-product' }) },
    ],
  },
  {
    page: 'packages/catalog/pages/edit/index',
    states: [
      { state: 'new', role: 'owner', description: '新建商品', run: (c) => c.open('packages/catalog/pages/edit/index') },
      { state: 'new-from-scan', role: 'owner', description: '扫到不认识的条码后新建', run: (c) => c.open('packages/catalog/pages/edit/index', { barcode: '6901234599990' }) },
      {
        state: 'new-errors',
        role: 'owner',
        description: '没填名称、售价写错就保存',
        run: async (c) => {
          const page = await c.open('packages/catalog/pages/edit/index');
          await c.type(page, '#field-salePrice', '3.5x');
          await c.tap(page, '.save');
          return page;
        },
      },
      { state: 'edit', role: 'owner', description: '编辑已有商品（牛奶，按批次管理）', run: (c) => c.open('packages/catalog/pages/edit/index', { id: c.products.milk.id }) },
      {
        state: 'images',
        role: 'owner',
        description: '新建商品时从相册选了三张图片（第一张作封面，可删除，最多 9 张）',
        run: async (c) => {
          const page = await c.open('packages/catalog/pages/edit/index');
          await c.type(page, '#field-name', '奥利奥夹心饼干 116g');
          c.wx.media.push(
            { name: 'front.png', content: productPhoto([222, 226, 232], [24, 64, 160], [30, 30, 40]) },
            { name: 'side.png', content: productPhoto([236, 230, 220], [24, 64, 160], [250, 250, 250]) },
            { name: 'shelf.png', content: productPhoto([200, 220, 205], [200, 40, 40], [250, 200, 40]) },
          );
          await c.tap(page, '.add-images');
          return page;
        },
      },
    ],
  },
  {
    page: 'packages/purchase/pages/receive/index',
    states: [
      { state: 'empty', role: 'owner', description: '入库：还没有扫码', run: (c) => c.open('packages/purchase/pages/receive/index') },
      {
        state: 'lines',
        role: 'owner',
        description: '店主扫了可乐和牛奶（批次商品），改了数量和进价',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/receive/index');
          await c.scan(page, c.products.cola.barcode, c.products.milk.barcode);
          await c.setLineQty(page, 0, 48);
          return page;
        },
      },
      {
        state: 'missing-batch',
        role: 'owner',
        description: '批次商品没填批号就提交',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/receive/index');
          await c.scan(page, c.products.milk.barcode);
          await c.tap(page, '.submit');
          return page;
        },
      },
      {
        state: 'clerk',
        role: 'clerk',
        description: '店员入库（不填进价）',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/receive/index');
          await c.scan(page, c.products.water.barcode, c.products.noodles.barcode);
          return page;
        },
      },
      {
        state: 'suppliers',
        role: 'owner',
        description: '选择供应商',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/receive/index');
          await c.tap(page, 'van-cell');
          return page;
        },
      },
    ],
  },
  // 采购 (purchase orders): the first state makes the orders the others show.
  {
    page: 'packages/purchase/pages/orders/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '采购单列表：部分到货和草稿',
        run: async (c) => {
          await purchaseOrders(c);
          return c.open('packages/purchase/pages/orders/index');
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员看到的采购单（无金额）', run: (c) => c.open('packages/purchase/pages/orders/index') },
    ],
  },
  {
    page: 'packages/purchase/pages/order-detail/index',
    states: [
      { state: 'partial', role: 'owner', description: '部分到货的采购单：已到数量、收货记录、可关闭或继续收货', run: async (c) => c.open('packages/purchase/pages/order-detail/index', { id: (await purchaseOrders(c)).partial }) },
      { state: 'draft', role: 'owner', description: '草稿：修改、提交、取消', run: async (c) => c.open('packages/purchase/pages/order-detail/index', { id: (await purchaseOrders(c)).draft }) },
      { state: 'clerk', role: 'clerk', description: '店员看采购单：无价格，只能收货', run: async (c) => c.open('packages/purchase/pages/order-detail/index', { id: (await purchaseOrders(c)).partial }) },
    ],
  },
  {
    page: 'packages/purchase/pages/order-receive/index',
    states: [
      { state: 'open-lines', role: 'clerk', description: '按采购单收货：待收数量、批次商品填批号和到期日', run: async (c) => c.open('packages/purchase/pages/order-receive/index', { id: (await purchaseOrders(c)).partial }) },
    ],
  },
  {
    page: 'packages/purchase/pages/order-edit/index',
    states: [
      { state: 'draft', role: 'owner', description: '修改草稿：单位、数量、单价、预计到货', run: async (c) => c.open('packages/purchase/pages/order-edit/index', { id: (await purchaseOrders(c)).draft }) },
    ],
  },
  {
    page: 'packages/purchase/pages/order-return/index',
    states: [
      {
        state: 'lines',
        role: 'owner',
        description: '从一次收货退给供应商',
        run: async (c) => {
          const { partial } = await purchaseOrders(c);
          const { receipts } = await c.api('owner', 'purchase.get', { id: partial });
          return c.open('packages/purchase/pages/order-return/index', { orderId: partial, receiptId: receipts[0]._id });
        },
      },
    ],
  },
  {
    page: 'packages/purchase/pages/supplier-return/index',
    states: [
      {
        state: 'lines',
        role: 'owner',
        description: '不按单退给供应商：扫码加商品，选单位和数量，按最近进价退',
        run: async (c) => {
          await purchaseOrders(c);
          const [supplier] = (await c.api('owner', 'suppliers.list', {})).items;
          const page = await c.open('packages/purchase/pages/supplier-return/index', { supplierId: supplier._id, name: supplier.name });
          await c.scan(page, c.products.cola.barcode, c.products.oreo.barcode);
          return page;
        },
      },
      {
        state: 'warehouse',
        role: 'owner',
        description: '有两个仓库时选从哪个仓库退（记住这次的选择）',
        run: async (c) => {
          await purchaseOrders(c);
          await demoWarehouses(c);
          const [supplier] = (await c.api('owner', 'suppliers.list', {})).items;
          const page = await c.open('packages/purchase/pages/supplier-return/index', { supplierId: supplier._id, name: supplier.name });
          page.querySelector('.warehouse-picker').dispatchEvent('change', { detail: { value: String(page.data.warehouseNames.indexOf('后仓')) } });
          await c.scan(page, c.products.cola.barcode);
          return page;
        },
      },
    ],
  },
  {
    page: 'packages/purchase/pages/payables/index',
    states: [{ state: 'owner', role: 'owner', description: '应付账款', run: (c) => c.open('packages/purchase/pages/payables/index') }],
  },
  {
    page: 'packages/purchase/pages/supplier-statement/index',
    states: [
      {
        state: 'month',
        role: 'owner',
        description: '供应商本月对账单',
        run: async (c) => {
          const [row] = await c.api('owner', 'purchase.payables');
          return c.open('packages/purchase/pages/supplier-statement/index', { supplierId: row.supplierId, name: row.supplierName });
        },
      },
    ],
  },
  {
    page: 'packages/purchase/pages/suppliers/index',
    states: [
      { state: 'owner', role: 'owner', description: '供应商列表：搜索、新建', run: (c) => c.open('packages/purchase/pages/suppliers/index') },
      { state: 'clerk', role: 'clerk', description: '店员看到的供应商列表（不能新建，不能打开）', run: (c) => c.open('packages/purchase/pages/suppliers/index') },
    ],
  },
  {
    page: 'packages/purchase/pages/supplier-detail/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '供应商详情：应付、进行中的采购单、准时到货率、提前期、最近进价',
        run: async (c) => {
          await purchaseOrders(c);
          const [supplier] = (await c.api('owner', 'suppliers.list', {})).items;
          return c.open('packages/purchase/pages/supplier-detail/index', { id: supplier._id });
        },
      },
      {
        state: 'new',
        role: 'owner',
        description: '刚建的供应商：各项指标还没有数据，说明原因',
        run: async (c) => {
          const supplier = await c.api('owner', 'suppliers.save', { name: '城北副食批发', contact: '王姐', phone: '13800138000', wechatId: 'wangjie-pf', paymentTerms: '月结30天', leadTimeDays: 4 });
          return c.open('packages/purchase/pages/supplier-detail/index', { id: supplier._id });
        },
      },
    ],
  },
  {
    page: 'packages/purchase/pages/supplier-edit/index',
    states: [
      { state: 'new', role: 'owner', description: '新建供应商', run: (c) => c.open('packages/purchase/pages/supplier-edit/index') },
      {
        state: 'bad-phone',
        role: 'owner',
        description: '电话不对：服务器的提示显示在电话一栏',
        run: async (c) => {
          const page = await c.open('packages/purchase/pages/supplier-edit/index');
          await c.type(page, '.field-name', '城南粮油');
          await c.type(page, '.field-phone', '1380013800');
          await c.tap(page, '.save');
          return page;
        },
      },
      {
        state: 'edit',
        role: 'owner',
        description: '编辑供应商',
        run: async (c) => {
          const [supplier] = (await c.api('owner', 'suppliers.list', {})).items;
          return c.open('packages/purchase/pages/supplier-edit/index', { id: supplier._id });
        },
      },
    ],
  },
  // 仓库 and 库存: the last entries, since their warehouses would put a picker on the document pages above.
  {
    page: 'packages/stock/pages/warehouses/index',
    states: [
      { state: 'one', role: 'emptyShop', description: '仓库：只有默认仓库，说明何时新建', run: (c) => c.open('packages/stock/pages/warehouses/index') },
      {
        state: 'owner',
        role: 'owner',
        description: '仓库：默认仓库、后仓，一个已停用的可以恢复',
        run: async (c) => {
          await demoWarehouses(c);
          return c.open('packages/stock/pages/warehouses/index');
        },
      },
      {
        state: 'archive-refused',
        role: 'owner',
        description: '停用还有库存的后仓：服务器说还剩什么',
        run: async (c) => {
          const { backRoom } = await demoWarehouses(c);
          const page = await c.open('packages/stock/pages/warehouses/index');
          await c.tap(page, `.archive-${backRoom}`);
          return page;
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员不能管理仓库', run: (c) => c.open('packages/stock/pages/warehouses/index') },
    ],
  },
  {
    page: 'packages/stock/pages/balances/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '库存：各仓库的数量和金额，牛奶的批次（已过期标红，临期标橙）',
        run: async (c) => {
          await milkBatches(c);
          return c.open('packages/stock/pages/balances/index');
        },
      },
    ],
  },
  {
    page: 'packages/stock/pages/expiring/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '临期批次：30 天内到期和已过期的批次，按到期日排，剩几天（已过期标红），数量和货值',
        run: async (c) => {
          await milkBatches(c);
          return c.open('packages/stock/pages/expiring/index');
        },
      },
      {
        state: 'clerk',
        role: 'clerk',
        description: '店员看到的临期批次（没有金额）',
        run: async (c) => {
          await milkBatches(c);
          return c.open('packages/stock/pages/expiring/index');
        },
      },
      {
        state: 'empty',
        role: 'owner',
        description: '后仓 7 天内没有临期批次（不含已过期）',
        run: async (c) => {
          await milkBatches(c);
          const page = await c.open('packages/stock/pages/expiring/index');
          page.querySelector('.expired-switch').querySelector('.van-switch').dispatchEvent('tap');
          await c.settle();
          page.querySelector('.range-picker').dispatchEvent('change', { detail: { value: '0' } });
          await c.settle();
          page.querySelector('.warehouse-picker').dispatchEvent('change', { detail: { value: String(page.data.warehouseNames.indexOf('后仓')) } });
          await c.settle();
          return page;
        },
      },
    ],
  },
  {
    page: 'packages/stock/pages/transfers/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '调拨单：在途的、已完成的（有差异的标出差几件）',
        run: async (c) => {
          await demoTransfers(c);
          return c.open('packages/stock/pages/transfers/index');
        },
      },
    ],
  },
  {
    page: 'packages/stock/pages/transfer-edit/index',
    states: [
      {
        state: 'lines',
        role: 'clerk',
        description: '新建调拨：调出、调入仓库，扫码两种商品（显示调出仓库的库存），一步调拨',
        run: async (c) => {
          await demoWarehouses(c);
          const page = await c.open('packages/stock/pages/transfer-edit/index');
          await c.scan(page, c.products.cola.barcode, c.products.cola.barcode, c.products.chips.barcode);
          return page;
        },
      },
      { state: 'one-warehouse', role: 'emptyShop', description: '只有一个仓库：先去添加仓库', run: (c) => c.open('packages/stock/pages/transfer-edit/index') },
    ],
  },
  {
    page: 'packages/stock/pages/transfer-detail/index',
    states: [
      {
        state: 'in-transit',
        role: 'clerk',
        description: '在途的两步调拨：每行发出的批次，填实收数量后确认收货（店员看不到成本）',
        run: async (c) => c.open('packages/stock/pages/transfer-detail/index', { id: (await demoTransfers(c)).inTransit }),
      },
      {
        state: 'received-short',
        role: 'owner',
        description: '少收的调拨：每行已收和在途差异，在途损耗的金额（店主）',
        run: async (c) => c.open('packages/stock/pages/transfer-detail/index', { id: (await demoTransfers(c)).short }),
      },
    ],
  },
  // 盘点: last, since a posted count changes stock.
  {
    page: 'packages/stock/pages/counts/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '盘点单：进行中的盘点，盲盘标记和进度',
        run: async (c) => {
          await demoCounts(c);
          return c.open('packages/stock/pages/counts/index');
        },
      },
    ],
  },
  {
    page: 'packages/stock/pages/count-session/index',
    states: [
      {
        state: 'lines',
        role: 'owner',
        description: '盘点中：连续扫码，每行已盘、账面和差异，进度',
        run: async (c) => (await c.open('packages/stock/pages/count-session/index', { id: (await demoCounts(c)).open })),
      },
      {
        state: 'blind-clerk',
        role: 'clerk',
        description: '盲盘（店员）：只有盘到的数量，没有账面',
        run: async (c) => {
          const { blind } = await demoCounts(c);
          const page = await c.open('packages/stock/pages/count-session/index', { id: blind });
          await c.scan(page, c.products.cola.barcode, c.products.cola.barcode);
          return page;
        },
      },
    ],
  },
  {
    page: 'packages/stock/pages/count-review/index',
    states: [
      {
        state: 'review',
        role: 'owner',
        description: '盘点审核：差异行、盘盈盘亏和金额、原因、未盘商品保持不变或按 0 计',
        run: async (c) => c.open('packages/stock/pages/count-review/index', { id: (await demoCounts(c)).review }),
      },
      {
        state: 'posted',
        role: 'owner',
        description: '已过账的盘点：差异、过账记录和经手人',
        run: async (c) => c.open('packages/stock/pages/count-review/index', { id: (await demoCounts(c)).posted }),
      },
    ],
  },
  {
    page: 'packages/sales/pages/orders/index',
    states: [
      { state: 'owner', role: 'owner', description: '销售单：状态和付款标签、待付金额、发货进度', run: async (c) => (await salesOrders(c), c.open('packages/sales/pages/orders/index')) },
      { state: 'due', role: 'owner', description: '待付款：未付和部分付款的订单', run: async (c) => (await salesOrders(c), c.open('packages/sales/pages/orders/index', { tab: 'due' })) },
      { state: 'empty', role: 'emptyShop', description: '还没有销售单', run: (c) => c.open('packages/sales/pages/orders/index') },
    ],
  },
  {
    page: 'packages/sales/pages/order-edit/index',
    states: [
      {
        state: 'lines',
        role: 'owner',
        description: '新建订单：客户和地址、扫码加商品、单位、单价和优惠、运费、赊账',
        run: async (c) => {
          await salesOrders(c);
          const page = await c.open('packages/sales/pages/order-edit/index');
          await page.instance.chooseCustomer({ _id: (await salesOrders(c)).wang, name: '王姐' }); // as the customer picker hands it back
          await c.scan(page, c.products.water.barcode, c.products.chips.barcode);
          page.instance.setData({ shippingFee: '8', note: '微信下单' });
          await c.settle();
          return page;
        },
      },
      {
        state: 'credit-limit',
        role: 'owner',
        description: '超出赊账额度：额度、已欠、这一单，店主填原因放行',
        run: async (c) => {
          const { creditDraft } = await salesOrders(c);
          const page = await c.open('packages/sales/pages/order-edit/index', { id: creditDraft });
          await c.tap(page, '.confirm');
          await c.settle();
          return page;
        },
      },
    ],
  },
  {
    page: 'packages/sales/pages/order-detail/index',
    states: [
      { state: 'confirmed', role: 'owner', description: '已确认的订单：待收款、地址可复制、收款和发货', run: async (c) => c.open('packages/sales/pages/order-detail/index', { id: (await salesOrders(c)).confirmed }) },
      { state: 'shipped', role: 'owner', description: '部分发货：已发数量、收款和发货记录（快递单号可复制）、退货', run: async (c) => c.open('packages/sales/pages/order-detail/index', { id: (await salesOrders(c)).shipped }) },
      {
        state: 'ship',
        role: 'owner',
        description: '发货：快递公司、扫面单条码填运单号、部分发货',
        run: async (c) => {
          const page = await c.open('packages/sales/pages/order-detail/index', { id: (await salesOrders(c)).confirmed });
          await c.tap(page, '.action-ship');
          page.instance.setData({ carrier: '中通快递', trackingNo: '73001234567890', partial: true });
          await c.settle();
          return page;
        },
      },
      {
        state: 'exchange',
        role: 'owner',
        description: '从发货记录换货：退回的数量、坏了直接报损、扫码或搜索换出的商品',
        run: async (c) => {
          const page = await c.open('packages/sales/pages/order-detail/index', { id: (await salesOrders(c)).shipped });
          await c.tap(page, '.return');
          const sheet = page.querySelector('.return-sheet'); // the return sheet component
          const first = sheet.data.returnLines[0];
          const product = (await c.api('owner', 'products.get', { id: first.productId })).product;
          sheet.instance.setData({ exchange: true, 'returnLines[0].qty': 1 });
          sheet.instance.addProduct(product);
          await c.settle();
          return page;
        },
      },
      {
        state: 'picture',
        role: 'owner',
        description: '订单图片：发给客户或保存到相册',
        run: async (c) => {
          const page = await c.open('packages/sales/pages/order-detail/index', { id: (await salesOrders(c)).shipped });
          fakeCanvas(page, svgContext);
          await c.tap(page, '.picture');
          await c.settle();
          return page;
        },
      },
    ],
  },
  {
    page: 'packages/sales/pages/sales/index',
    states: [
      { state: 'today', role: 'owner', description: '开单记录：今天、本周、全部，搜索商品或客户；散客、已退标签', run: async (c) => (await quickSale(c), c.open('packages/sales/pages/sales/index')) },
    ],
  },
  {
    page: 'packages/sales/pages/sale-detail/index',
    states: [
      { state: 'returned', role: 'owner', description: '开单详情：商品和已退数量、付款、退换货记录、退货和换货', run: async (c) => c.open('packages/sales/pages/sale-detail/index', { id: await quickSale(c) }) },
      {
        state: 'scan-return',
        role: 'owner',
        description: '从开单退货：扫码退回（扫一下加 1，箱码加一箱），原单没有的商品会被拒绝',
        run: async (c) => {
          const page = await c.open('packages/sales/pages/sale-detail/index', { id: await quickSale(c) });
          await c.tap(page, '.return');
          const sheet = page.querySelector('.return-sheet');
          for (const code of [c.products.cola.barcode, c.products.cola.barcode, c.products.detergent.barcode]) {
            c.wx.scans.push(code);
            await c.tap(sheet, '.scan-return');
            await c.settle();
          }
          return page;
        },
      },
    ],
  },
  {
    page: 'packages/sales/pages/customers/index',
    states: [
      { state: 'owner', role: 'owner', description: '客户列表：搜索、等级和标签筛选、欠款、最近购买', run: async (c) => (await demoCustomers(c), c.open('packages/sales/pages/customers/index')) },
      { state: 'pick', role: 'clerk', description: '开单时选择客户（店员）', run: async (c) => (await demoCustomers(c), c.open('packages/sales/pages/customers/index', { pick: '1' })) },
    ],
  },
  {
    page: 'packages/sales/pages/customer-detail/index',
    states: [
      { state: 'owner', role: 'owner', description: '客户详情：欠款、收款、对账单、收货地址、购买记录', run: async (c) => c.open('packages/sales/pages/customer-detail/index', { id: (await demoCustomers(c)).wang }) },
      {
        state: 'pay',
        role: 'owner',
        description: '收款：金额默认为欠款，选收款方式',
        run: async (c) => {
          const page = await c.open('packages/sales/pages/customer-detail/index', { id: (await demoCustomers(c)).wang });
          await c.tap(page, '.open-pay');
          return page;
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员看到的客户详情（不能收款、编辑）', run: async (c) => c.open('packages/sales/pages/customer-detail/index', { id: (await demoCustomers(c)).li }) },
    ],
  },
  {
    page: 'packages/sales/pages/customer-edit/index',
    states: [{ state: 'edit', role: 'owner', description: '编辑客户：等级、标签、赊账额度、收货地址', run: async (c) => c.open('packages/sales/pages/customer-edit/index', { id: (await demoCustomers(c)).wang }) }],
  },
  {
    page: 'packages/sales/pages/receivables/index',
    states: [{ state: 'owner', role: 'owner', description: '客户欠款：谁欠多少，超额度标出', run: async (c) => (await demoCustomers(c), c.open('packages/sales/pages/receivables/index')) }],
  },
  {
    page: 'packages/sales/pages/customer-statement/index',
    states: [{ state: 'month', role: 'owner', description: '客户本月对账单：赊账、退货、收款和余额', run: async (c) => c.open('packages/sales/pages/customer-statement/index', { customerId: (await demoCustomers(c)).wang, name: '王阿姨' }) }],
  },
  {
    page: 'packages/shop/pages/audit/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '操作记录：谁在什么时候改了价格、设置、单据（店主），前后对比',
        run: async (c) => {
          const p = await c.api('owner', 'products.create', { name: '记录演示 苏打水', salePriceFen: 300, purchasePriceFen: 180 });
          await c.api('owner', 'products.update', { id: p._id, salePriceFen: 350, minStock: 12 });
          await c.api('owner', 'shops.updateSettings', { settings: { clerkDiscountLimitPct: 5 } });
          return c.open('packages/shop/pages/audit/index');
        },
      },
      { state: 'empty', role: 'emptyShop', description: '新店还没有操作记录', run: (c) => c.open('packages/shop/pages/audit/index') },
    ],
  },
  {
    page: 'packages/shop/pages/data/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '数据导出与备份（店主）：导出商品列表后可打开或转发，立即备份后显示恢复码',
        run: async (c) => {
          const page = await c.open('packages/shop/pages/data/index');
          page.querySelector('.export-products').querySelector('.van-cell').dispatchEvent('tap');
          await c.settle();
          await c.tap(page, '.backup-now');
          return page;
        },
      },
      {
        state: 'import-problems',
        role: 'owner',
        description: '导入预览：每行的问题（缺名称、条码校验位、重复条码），有问题时不能确认导入',
        run: async (c) => {
          c.wx.messageFiles.push({ name: '商品.xlsx', content: await importSheet([['薄荷糖', '', '盒', '5', 20], ['', '6911111111117', '件', '2', ''], ['坏条码', '6901234567891', '件', '2', ''], ['重复条码', '6911111111117', '件', '3', '']]) });
          const page = await c.open('packages/shop/pages/data/index');
          await c.tap(page, '.choose-file');
          return page;
        },
      },
      {
        state: 'import-ready',
        role: 'owner',
        description: '导入预览没有问题：确认导入',
        run: async (c) => {
          c.wx.messageFiles.push({ name: '商品.xlsx', content: await importSheet([['薄荷糖', '', '盒', '5', 20], ['口香糖', '', '条', '3.5', 50]]) });
          const page = await c.open('packages/shop/pages/data/index');
          await c.tap(page, '.choose-file');
          return page;
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员只能导出商品、库存和流水', run: (c) => c.open('packages/shop/pages/data/index') },
      { state: 'empty', role: 'emptyShop', description: '新店：还没有备份，可以从备份恢复', run: (c) => c.open('packages/shop/pages/data/index') },
      {
        state: 'offline',
        role: 'owner',
        description: '没有网络',
        run: async (c) => {
          c.goOffline();
          return c.open('packages/shop/pages/data/index');
        },
      },
    ],
  },
  {
    page: 'packages/shop/pages/promotions/index',
    states: [
      {
        state: 'owner',
        role: 'owner',
        description: '促销日（店主）：每年的双11、618和一次性的促销日，添加时选日期和是否每年重复',
        run: async (c) => {
          return promotionsPage(c);
        },
      },
      {
        state: 'duplicate',
        role: 'owner',
        description: '添加已有的促销日：说明已经有了，不保存',
        run: async (c) => {
          const page = await promotionsPage(c);
          page.querySelector('.date-picker').dispatchEvent('change', { detail: { value: '2026-06-18' } });
          await c.settle();
          await c.tap(page, '.add-day');
          return page;
        },
      },
      {
        state: 'remove-confirm',
        role: 'owner',
        description: '删除促销日前先确认（取消则保留）',
        run: async (c) => {
          const page = await promotionsPage(c);
          c.wx.modalConfirm = false;
          page.querySelectorAll('.remove')[0].querySelector('.van-button').dispatchEvent('tap');
          await c.settle();
          return page;
        },
      },
      { state: 'clerk', role: 'clerk', description: '店员只能查看促销日', run: (c) => c.open('packages/shop/pages/promotions/index') },
    ],
  },
  { page: 'packages/reports/pages/index/index', states: [{ state: 'owner', role: 'owner', description: '报表首页：七张报表', run: (c) => c.open('packages/reports/pages/index/index') }] },
  {
    page: 'packages/reports/pages/sales/index',
    states: [
      { state: 'owner', role: 'owner', description: '销售排行（本月，按金额），前 10 名和占比', run: (c) => c.open('packages/reports/pages/sales/index') },
      { state: 'profit-by-day', role: 'owner', description: '毛利按天（本月）', run: (c) => c.open('packages/reports/pages/sales/index', { by: 'day', sort: 'profit' }) },
    ],
  },
  { page: 'packages/reports/pages/stock/index', states: [{ state: 'owner', role: 'owner', description: '进销存汇总（本月）：期初、入、出、期末', run: (c) => c.open('packages/reports/pages/stock/index') }] },
  { page: 'packages/reports/pages/slow/index', states: [{ state: 'owner', role: 'owner', description: '滞销与库龄（今年）：多久没卖出、压了多少钱', run: (c) => c.open('packages/reports/pages/slow/index') }] },
  { page: 'packages/reports/pages/turnover/index', states: [{ state: 'owner', role: 'owner', description: '周转（本月）：周转次数和可卖天数', run: (c) => c.open('packages/reports/pages/turnover/index') }] },
  { page: 'packages/reports/pages/returns/index', states: [{ state: 'owner', role: 'owner', description: '退货（本月）：各商品退货率、退款和报损', run: (c) => c.open('packages/reports/pages/returns/index') }] },
  { page: 'packages/reports/pages/purchases/index', states: [{ state: 'owner', role: 'owner', description: '采购（本月）：各供应商进货额、价格变化和准时率', run: (c) => c.open('packages/reports/pages/purchases/index') }] },
  { page: 'packages/stock/pages/count-create/index', states: [{ state: 'owner', role: 'owner', description: '新建盘点：仓库、范围（全部、分类、指定商品）、盲盘', run: (c) => c.open('packages/stock/pages/count-create/index') }] },
];

/** An import sheet as a shop would fill the template: 名称, 条码, 基本单位, 售价, 期初库存. */
async function importSheet(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  ws.addRow(['名称', '条码', '基本单位', '售价', '期初库存']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let demoCustomersMade: Promise<{ wang: string; li: string }> | null = null;
/** Customers of the demo shop, made once: 王阿姨 (VIP, an address, credit sales, a return, a payment), 李老板 (批发, over his limit), 张姐. */
/** 促销日 with 双11 and 618 every year and a one-off day. */
async function promotionsPage(c: ShotContext) {
  await c.api('owner', 'shops.updateSettings', { settings: { promotionDays: ['11-11', '06-18', '2026-05-01'] } });
  return c.open('packages/shop/pages/promotions/index');
}

function demoCustomers(c: ShotContext): Promise<{ wang: string; li: string }> {
  demoCustomersMade ??= (async () => {
    const id = () => `shot${Math.random().toString(36).slice(2, 12)}`;
    const wang = await c.api('owner', 'customers.save', {
      name: '王阿姨',
      phone: '13912345678',
      wechatId: 'wang_ayi',
      level: 'vip',
      tags: ['团购', '老客'],
      creditLimitFen: 50_000,
      note: '周末送货上门',
      addresses: [
        { name: '王阿姨', phone: '13912345678', address: '浙江省杭州市西湖区文三路 100 号 3 幢 201' },
        { name: '王阿姨女儿', phone: '0571-88886666', address: '杭州市滨江区江南大道 88 号' },
      ],
    });
    const li = await c.api('owner', 'customers.save', { name: '李老板', phone: '13800001111', level: 'wholesale', tags: ['小卖部'] });
    await c.api('owner', 'customers.save', { name: '张姐', wechatId: 'zhangjie-88', tags: ['团购'] });
    const credit = (customerId: string, lines: { productId: string; qty: number }[]) =>
      c.api('clerk', 'stock.sell', { requestId: id(), customerId, lines, payment: { method: 'credit', paidFen: 0 } });
    const first = await credit(wang._id, [{ productId: c.products.cola.id, qty: 12 }, { productId: c.products.chips.id, qty: 4 }]);
    await credit(wang._id, [{ productId: c.products.noodles.id, qty: 6 }]);
    await c.api('owner', 'stock.saleReturn', { requestId: id(), salePostingId: first._id, lines: [{ productId: c.products.chips.id, qty: 1 }] });
    await c.api('owner', 'customers.receive', { requestId: id(), customerId: wang._id, amountFen: 2_000, method: 'wechat', note: '微信转账' });
    await c.api('clerk', 'stock.sell', { requestId: id(), customerId: wang._id, lines: [{ productId: c.products.water.id, qty: 2 }], payment: { method: 'wechat' } });
    await credit(li._id, [{ productId: c.products.cola.id, qty: 12 }]);
    // the limit lowered after the sale: the receivables list marks him over it
    await c.api('owner', 'customers.save', { id: li._id, name: '李老板', creditLimitFen: 2_000 });
    return { wang: wang._id, li: li._id };
  })();
  return demoCustomersMade;
}

let milkBatchesMade: Promise<void> | null = null;
/** Milk batches of the demo shop dated from today (China): one past its date (received with confirmation), one close to it; made once. */
function milkBatches(c: ShotContext): Promise<void> {
  milkBatchesMade ??= (async () => {
    await demoWarehouses(c);
    const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const lines = [
      { productId: c.products.milk.id, qty: 12, unitCostFen: 230, batchNo: 'M2401', expiryDate: day(-2) },
      { productId: c.products.milk.id, qty: 48, unitCostFen: 230, batchNo: 'M2402', expiryDate: day(9) },
    ];
    await c.api('owner', 'stock.receive', { requestId: `shot${Math.random().toString(36).slice(2, 12)}`, confirmExpired: true, lines });
  })();
  return milkBatchesMade;
}

let demoTransfersMade: Promise<{ inTransit: string; short: string }> | null = null;
/** Transfers of the demo shop, made once: one step to 后仓, one received short, one in transit (milk by batch). */
function demoTransfers(c: ShotContext): Promise<{ inTransit: string; short: string }> {
  demoTransfersMade ??= (async () => {
    const { backRoom } = await demoWarehouses(c);
    const id = () => `shot${Math.random().toString(36).slice(2, 12)}`;
    const route = { fromWarehouseId: 'main', toWarehouseId: backRoom };
    await c.api('owner', 'transfer.create', { requestId: id(), ...route, post: true, lines: [{ productId: c.products.water.id, qty: 12 }, { productId: c.products.noodles.id, qty: 6 }] });
    const short = await c.api('owner', 'transfer.create', { requestId: id(), ...route, mode: 'two_step', post: true, note: '补后仓', lines: [{ productId: c.products.cola.id, qty: 12 }, { productId: c.products.chips.id, qty: 5 }] });
    await c.api('owner', 'transfer.receive', { id: short._id, requestId: id(), lines: [{ lineId: 'L1', receivedQty: 10 }] });
    const inTransit = await c.api('clerk', 'transfer.create', { requestId: id(), ...route, mode: 'two_step', post: true, lines: [{ productId: c.products.milk.id, qty: 6 }, { productId: c.products.oreo.id, qty: 4 }] });
    return { inTransit: inTransit._id, short: short._id };
  })();
  return demoTransfersMade;
}

let demoOrders: Promise<{ partial: string; draft: string }> | null = null;
/** Two orders of the demo shop, made once: one partly received (with a batch), one draft. */
function purchaseOrders(c: ShotContext): Promise<{ partial: string; draft: string }> {
  demoOrders ??= (async () => {
    const [supplier] = (await c.api('owner', 'suppliers.list', {})).items;
    const id = () => `shot${Math.random().toString(36).slice(2, 12)}`;
    const lines = [
      { productId: c.products.cola.id, qty: 3, unit: '箱' },
      { productId: c.products.milk.id, qty: 2, unit: '箱', expectedDate: '2026-12-01' },
      { productId: c.products.oreo.id, qty: 24 },
    ];
    const partial = await c.api('owner', 'purchase.create', { requestId: id(), supplierId: supplier._id, note: '周末备货', lines });
    await c.api('owner', 'purchase.submit', { id: partial._id, requestId: id() });
    await c.api('owner', 'purchase.receive', { requestId: id(), orderId: partial._id, lines: [{ lineId: 'L1', qty: 2, unit: '箱' }, { lineId: 'L3', qty: 24 }] });
    const draft = await c.api('owner', 'purchase.create', { requestId: id(), supplierId: supplier._id, lines: [{ productId: c.products.water.id, qty: 5, unit: '箱' }, { productId: c.products.chips.id, qty: 1, unit: '箱' }] });
    return { partial: partial._id, draft: draft._id };
  })();
  return demoOrders;
}

let demoWarehousesMade: Promise<{ backRoom: string }> | null = null;
/** The demo shop's 后仓 holding some cola, and 旧仓库 archived; made once. */
function demoWarehouses(c: ShotContext): Promise<{ backRoom: string }> {
  demoWarehousesMade ??= (async () => {
    const backRoom = await c.api('owner', 'warehouses.save', { name: '后仓' });
    const old = await c.api('owner', 'warehouses.save', { name: '旧仓库' });
    await c.api('owner', 'warehouses.save', { id: old.id, name: old.name, archived: true });
    await c.api('owner', 'stock.receive', { requestId: `shot${Math.random().toString(36).slice(2, 12)}`, warehouseId: backRoom.id, lines: [{ productId: c.products.cola.id, qty: 24, unitCostFen: 250 }] });
    return { backRoom: backRoom.id };
  })();
  return demoWarehousesMade;
}

export function pageName(p: ShotPage): string {
  return p.name ?? p.page.replace(/\/index$/, '').replace(/^packages\//, '').replace(/(^|\/)pages\//g, '$1').replace(/\//g, '-');
}

let demoCountsMade: Promise<{ open: string; blind: string; review: string; posted: string }> | null = null;
/** Counts of the demo shop, made once: one being counted, one blind, one in review, one posted. */
function demoCounts(c: ShotContext): Promise<{ open: string; blind: string; review: string; posted: string }> {
  demoCountsMade ??= (async () => {
    const id = () => `shot${Math.random().toString(36).slice(2, 12)}`;
    const p = c.products;
    const scan = (countId: string, role: Role, fields: Record<string, unknown>) => c.api(role, 'count.scan', { countId, requestId: id(), ...fields });
    const posted = await c.api('owner', 'count.create', { requestId: id(), scope: { kind: 'products', productIds: [p.oreo.id, p.chips.id] } });
    await scan(posted._id, 'clerk', { productId: p.oreo.id, mode: 'set', qty: 5 });
    await scan(posted._id, 'clerk', { productId: p.chips.id, mode: 'set', qty: 12 });
    await c.api('owner', 'count.reason', { countId: posted._id, productId: p.oreo.id, reason: 'loss' });
    await c.api('clerk', 'count.submit', { id: posted._id, requestId: id() });
    await c.api('owner', 'count.post', { id: posted._id, requestId: id(), uncounted: 'keep' });
    const review = await c.api('owner', 'count.create', { requestId: id(), scope: { kind: 'all' } });
    for (const [product, qty] of [[p.cola, 20], [p.water, 31], [p.noodles, 6], [p.detergent, 2]] as const) await scan(review._id, 'clerk', { productId: product.id, mode: 'set', qty });
    await c.api('owner', 'count.reason', { countId: review._id, productId: p.water.id, reason: 'loss' });
    await c.api('clerk', 'count.submit', { id: review._id, requestId: id() });
    const open = await c.api('owner', 'count.create', { requestId: id(), scope: { kind: 'all' } });
    for (const code of [p.cola.barcode, p.cola.barcode, p.cola.barcode, p.water.barcode]) await scan(open._id, 'clerk', { barcode: code });
    await scan(open._id, 'owner', { productId: p.noodles.id, mode: 'set', qty: 0 });
    const blind = await c.api('owner', 'count.create', { requestId: id(), scope: { kind: 'all' }, blind: true });
    return { open: open._id, blind: blind._id, review: review._id, posted: posted._id };
  })();
  return demoCountsMade;
}

let demoQuickSale: Promise<string> | null = null;
/** Today's quick sale to 王姐 (cola ×6, chips ×2, by WeChat), one cola already returned: its id. */
function quickSale(c: ShotContext): Promise<string> {
  demoQuickSale ??= (async () => {
    const id = () => `shot${Math.random().toString(36).slice(2, 12)}`;
    const { wang } = await salesOrders(c);
    const sale = await c.api('clerk', 'stock.sell', { requestId: id(), customerId: wang, lines: [{ productId: c.products.cola.id, qty: 6 }, { productId: c.products.chips.id, qty: 2 }], payment: { method: 'wechat' } });
    await c.api('owner', 'stock.saleReturn', { requestId: id(), salePostingId: sale._id, lines: [{ productId: c.products.cola.id, qty: 1 }] });
    return sale._id as string;
  })();
  return demoQuickSale;
}

let demoSales: Promise<{ confirmed: string; shipped: string; creditDraft: string; wang: string }> | null = null;
/** Sales orders of the demo shop, made once: confirmed, partly shipped and paid in part, a credit draft beyond its limit. */
function salesOrders(c: ShotContext): Promise<{ confirmed: string; shipped: string; creditDraft: string; wang: string }> {
  demoSales ??= (async () => {
    const id = () => `shot${Math.random().toString(36).slice(2, 12)}`;
    const p = c.products;
    const address = { name: '王姐', phone: '13800138000', address: '杭州市西湖区文三路 1 号 3 幢 501' };
    const wang = await c.api('owner', 'customers.save', { name: '王姐', phone: '13800138000', addresses: [address] });
    const li = await c.api('owner', 'customers.save', { name: '陈老板', phone: '13900139000', creditLimitFen: 5000 });
    const confirmed = await c.api('owner', 'sales.create', { requestId: id(), customerId: wang._id, address, shippingFeeFen: 800, note: '微信下单', lines: [{ productId: p.cola.id, qty: 1, unit: '箱' }, { productId: p.oreo.id, qty: 4, discountFen: 100 }] });
    await c.api('owner', 'sales.confirm', { id: confirmed._id, requestId: id() });
    const shipped = await c.api('owner', 'sales.create', { requestId: id(), customerId: wang._id, address, shippingFeeFen: 1000, lines: [{ productId: p.water.id, qty: 2, unit: '箱' }, { productId: p.chips.id, qty: 6 }, { productId: p.noodles.id, qty: 4 }] });
    await c.api('owner', 'sales.confirm', { id: shipped._id, requestId: id() });
    await c.api('owner', 'sales.pay', { id: shipped._id, requestId: id(), amountFen: shipped.totalFen, method: 'bank' });
    await c.api('owner', 'sales.ship', { id: shipped._id, requestId: id(), carrier: '顺丰速运', trackingNo: 'SF1234567890', lines: [{ lineId: 'L1', qty: 1, unit: '箱' }, { lineId: 'L2', qty: 6 }] });
    const unpaid = await c.api('owner', 'sales.create', { requestId: id(), customerId: li._id, lines: [{ productId: p.milk.id, qty: 1, unit: '箱' }] });
    await c.api('owner', 'sales.pay', { id: unpaid._id, requestId: id(), amountFen: 1000, method: 'wechat' });
    const creditDraft = await c.api('owner', 'sales.create', { requestId: id(), customerId: li._id, onCredit: true, lines: [{ productId: p.detergent.id, qty: 2 }] });
    return { confirmed: confirmed._id, shipped: shipped._id, creditDraft: creditDraft._id, wang: wang._id };
  })();
  return demoSales;
}
