// Generates API.md from the contract itself: every action's roles, input (from its zod schema),
// output type (from typings/api) and errors. `npm run docs:api`; a test keeps API.md current.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { apiActions } from '../server/actions';
import { fileActions } from '../server/files/actions';
import type { Access } from '../server/core/router';
import { INPUT_LIMITS } from '../server/core/router';
import { schemas } from '../typings/api';
import { fileSchemas } from '../typings/api/files';
import { ERROR_MESSAGES, ErrorCode } from '../typings/errors';

const ROOT = path.resolve(__dirname, '..');

/** What each action does, and the errors of its own beyond the common ones. */
const NOTES: Record<string, { summary: string; errors?: ErrorCode[] }> = {
  'system.ping': { summary: 'Liveness; answers the caller\'s openid as the cloud sees it.' },
  'system.setup': { summary: 'Creates every collection and gives products written before the engine kept totals their on-hand total (run once per environment and after each deploy; idempotent).' },
  'shops.create': { summary: 'Opens a shop with a default warehouse; the caller becomes its owner.', errors: ['E_DUPLICATE', 'E_MEMBER_DISABLED'] },
  'shops.mine': { summary: 'The caller\'s membership and shop, or nulls on first run; `disabled` names the shop that disabled the caller\'s membership.' },
  'shops.updateSettings': { summary: 'Shop name and settings (negative stock, alert windows, EOQ costs, clerk discount limit, purchase approval and receiving tolerance).' },
  'warehouses.save': { summary: 'Adds or renames/archives a warehouse (the default one, or one still holding stock, cannot be archived).', errors: ['E_DUPLICATE', 'E_NOT_FOUND', 'E_INVALID_STATE'] },
  'members.list': { summary: 'Members of the shop with role and status.' },
  'members.update': { summary: 'Changes a member\'s role or disables them (never the owner).', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'invites.create': { summary: 'An 8-character invite code for a manager or clerk, valid for N hours.' },
  'invites.accept': { summary: 'Joins the shop of an invite code; one shop per WeChat user.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_DUPLICATE', 'E_MEMBER_DISABLED'] },
  'dev.seedDemo': { summary: 'Creates the demo shop\'s catalogue (supplier, customer, products) for the caller if they have no shop — only where the deployment sets STOCKMATE_DEMO=1; localcloud then replays months of history through the real api.', errors: ['E_FORBIDDEN'] },
  'products.create': { summary: 'A product; barcodes are checked (GS1 check digits) and unique within the shop.', errors: ['E_DUPLICATE'] },
  'products.update': { summary: 'Changes only the fields sent; barcodes re-claimed atomically.', errors: ['E_NOT_FOUND', 'E_DUPLICATE'] },
  'products.get': { summary: 'A product with its balance per warehouse (no cost for clerks).', errors: ['E_NOT_FOUND'] },
  'products.byBarcode': { summary: 'The scan path: the product behind a code (indexed), or null; with `warehouseId`, also what that warehouse holds.' },
  'products.list': { summary: 'Search by name/SKU/brand/barcode (input escaped), paged, with on-hand totals and the low-stock flag the engine keeps; `lowOnly` lists products at or below their minimum.' },
  'products.lowCount': { summary: 'How many active products are at or below their minimum stock (total over warehouses): one indexed count.' },
  'products.imageUrls': { summary: "Temporary URLs (2 h) of product images in one storage call; only fileIDs under the caller's shop's products/ folder (E_VALIDATION otherwise). A missing file answers ''." },
  'products.discardImages': { summary: 'Deletes pictures a product form uploaded and did not keep (a save that failed and was left, a picture taken off before saving): only those no product of the shop names, archived ones included; one read and one storage call. Owner and manager.' },
  'suppliers.save': { summary: 'Creates or updates a supplier.', errors: ['E_NOT_FOUND'] },
  'suppliers.list': { summary: 'Suppliers by name, paged.' },
  'customers.save': { summary: 'Creates or updates a customer (only the fields sent): phone, WeChat id, shipping addresses (the first is the default when none is marked), level, tags, credit limit (null: none).', errors: ['E_NOT_FOUND'] },
  'customers.list': { summary: 'Customers by name; search by name, phone or WeChat id; filter by level or tag; paged; each row with what they owe, purchases and last purchase.' },
  'customers.detail': { summary: 'A customer, what they owe, totals (orders, net amount, last purchase) and their sales, returns and reversals newest first, paged (no cost for clerks).', errors: ['E_NOT_FOUND'] },
  'customers.dormant': { summary: 'Regulars (2 or more purchases) whose last purchase is `days` or more days ago, the most recently lapsed first (at most 200).' },
  'customers.receive': { summary: '收款 from a customer, once per request id: lowers what they owe in one transaction with the payment; more than is owed is refused.', errors: ['E_NOT_FOUND', 'E_DUPLICATE', 'E_VALIDATION'] },
  'customers.receivables': { summary: 'Customers who owe, largest first, paged, with the total owed and how many owe.' },
  'customers.statement': { summary: '对账单 of a customer over a period: opening, credit sales, credit returns, reversals, payments, closing, with the running balance.', errors: ['E_NOT_FOUND', 'E_VALIDATION'] },
  'stock.receive': { summary: '入库: goods in at the given cost (moving average); clerks cannot type a cost (the reference purchase price applies); batch and expiry required for batch-tracked products; an expired batch needs `confirmExpired`.', errors: ['E_NOT_FOUND', 'E_FORBIDDEN', 'E_INVALID_STATE', 'E_CONFIRM_REQUIRED', 'E_CONFLICT', 'E_DUPLICATE'] },
  'stock.opening': { summary: '期初: opening balance, posted like a receipt.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_CONFLICT', 'E_DUPLICATE'] },
  'stock.sell': { summary: '开单: lines by product or barcode; total computed on the server; clerks within the shop\'s discount limit; credit needs a customer and adds to what they owe; FEFO skips expired batches (a named one needs an owner/manager `override`).', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_INSUFFICIENT_STOCK', 'E_PRICE_LIMIT', 'E_CONFIRM_REQUIRED', 'E_FORBIDDEN', 'E_CONFLICT', 'E_DUPLICATE'] },
  'stock.saleReturn': { summary: 'Goods back from a sale to the batches it took, at the cost they left with; never more than was sold; refunded by the sale\'s payment method (credit: off what the customer owes); `toDamage` writes the returned goods off in the same posting (lines flagged `writeOff`).', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_CONFLICT', 'E_DUPLICATE'] },
  'stock.exchange': { summary: '换货: returned goods back to the batches the sale took (or written off with `toDamage`) and new goods out, in one posting; the difference (new − refund) is paid (payment.method, default the sale\'s), refunded by the sale\'s method, or — on a credit sale — added to or taken off what the customer owes (within the credit limit unless the owner overrides); never returns more than was sold.', errors: ['E_NOT_FOUND', 'E_VALIDATION', 'E_INSUFFICIENT_STOCK', 'E_PRICE_LIMIT', 'E_CREDIT_LIMIT', 'E_CONFLICT', 'E_DUPLICATE'] },
  'stock.adjust': { summary: 'Damage, loss, found, correction, expired: signed quantities with a reason.', errors: ['E_NOT_FOUND', 'E_INSUFFICIENT_STOCK', 'E_CONFLICT', 'E_DUPLICATE'] },
  'stock.reverse': { summary: 'Posts the opposite of a posting (once); the original is never edited; the documents it changed (returns, a purchase order\'s received quantities, what a customer owes) change back in the same transaction. Transfer postings are refused (a transfer back is made instead).', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_INSUFFICIENT_STOCK', 'E_CONFLICT'] },
  'stock.balances': { summary: 'Balances by product name (pinyin), then warehouse; quantities in the base unit (value for owner/manager); balances at 0 only with `includeZero`. Reads the shop\'s matching balances and product names each page: 1 + ⌈balances/1000⌉ + ⌈products/1000⌉ requests.' },
  'stock.expiring': { summary: '临期批次: batches on hand expiring within `withinDays` (default 30) of today in China, expired ones too with `includeExpired`, soonest first, paged; days left, quantity, value at the balance\'s moving-average cost (owner/manager); the count and value of all of them.' },
  'stock.ledger': { summary: 'The posted lines of one product, newest first, paged.' },
  'stock.available': { summary: 'What one warehouse holds of up to 200 products (one query), for a document that switched warehouse.' },
  'stock.posting': { summary: 'One posting (a document of the ledger).', errors: ['E_NOT_FOUND'] },
  'stock.sales': { summary: '开单记录: quick sales (stock.sell; an order\'s shipments are not listed) newest first, today/this week (China time) or all, by customer, or keyword (a product\'s or customer\'s name); each with customer, clerk, amount, payment, products and what was returned so far; paged. Indexed queries only.' },
  'stock.sale': { summary: 'One quick sale: its lines per product with sold, returned and still returnable quantities (0 once reversed), its returns and exchanges oldest first (cost and profit for owner/manager only).', errors: ['E_NOT_FOUND'] },
  'stock.reconcile': { summary: 'Proves every balance (and batch) equals the sum of its posted lines; lists differences.' },
  'replenishment.suggestions': { summary: 'Last night\'s purchase suggestions (suggested quantity > 0) grouped by preferred supplier, A items first, with a text to paste into the supplier chat.' },
  'replenishment.recompute': { summary: 'Runs the nightly computation for the caller\'s shop now (no digest); call again while `done` is false — it continues from its cursor.' },
  'alerts.list': { summary: 'Alerts grouped by kind, open before acknowledged, with on hand, reorder point, suggestion and 8 weeks of sales + the forecast week; exact counts; the last run; the digest subscription.' },
  'alerts.counts': { summary: 'Open alerts in total and per kind (count queries only), for the home page.' },
  'alerts.acknowledge': { summary: 'Marks open alerts as seen; they stay acknowledged until their condition is gone (then closed).', errors: ['E_NOT_FOUND'] },
  'purchase.create': { summary: 'A draft purchase order (CG20261123-001): lines in the purchase unit by default at the reference price; the request id is the order\'s identity.', errors: ['E_NOT_FOUND', 'E_VALIDATION'] },
  'purchase.update': { summary: 'Replaces a draft\'s supplier, warehouse, lines and note.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'purchase.submit': { summary: 'draft → submitted (needs the owner\'s approval by the shop\'s rule) or approved.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'purchase.approve': { summary: 'submitted → approved (owner); the approval day starts the lead time.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'purchase.reject': { summary: 'submitted → draft (owner), with a note.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'purchase.cancel': { summary: 'draft/submitted/approved → cancelled, only before anything arrived.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'purchase.close': { summary: 'partially received → closed: the rest will not come (no longer on order).', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'purchase.receive': { summary: 'Goods in against an approved order at its price; the order\'s received quantities change in the posting\'s transaction (never beyond ordered + the owner\'s tolerance).', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_CONFIRM_REQUIRED', 'E_CONFLICT', 'E_DUPLICATE'] },
  'purchase.return': { summary: '采购退货 at the cost the goods came in (from a receipt: its batches), never more than received from the supplier; reduces what the shop owes.', errors: ['E_NOT_FOUND', 'E_INSUFFICIENT_STOCK', 'E_CONFLICT', 'E_DUPLICATE'] },
  'purchase.pay': { summary: '付款 to a supplier, once per request id; answers what is still owed.', errors: ['E_NOT_FOUND', 'E_DUPLICATE'] },
  'purchase.list': { summary: 'Orders newest first by status (open = submitted, approved, partially received), supplier, or number/product keyword; paged.' },
  'purchase.get': { summary: 'An order with its history, the caller\'s next possible steps and its receipts.', errors: ['E_NOT_FOUND'] },
  'purchase.fromSuggestions': { summary: 'One draft order per supplier from last night\'s suggestions; products without a preferred supplier are listed unless a supplier is given.' },
  'purchase.statement': { summary: 'What the shop owes a supplier over a period: opening, receipts, returns, payments with running balance, closing.', errors: ['E_NOT_FOUND'] },
  'suppliers.detail': { summary: 'A supplier\'s page: what is owed, open and recent orders, and a scorecard from the shop\'s own data (on-time rate, fill rate, lead time mean/spread, last price per product).', errors: ['E_NOT_FOUND'] },
  'purchase.payables': { summary: 'What the shop owes each supplier (receipts − returns − payments), largest first.' },
  'transfer.create': { summary: 'A transfer (调拨单, DB20261123-001) between two active warehouses of the shop, one step or two; the request id is its identity. `post: true` also takes its first goods step (one step: 调拨; two steps: 发货) in the same transaction: short stock leaves nothing behind.', errors: ['E_NOT_FOUND', 'E_VALIDATION', 'E_INVALID_STATE', 'E_INSUFFICIENT_STOCK', 'E_CONFIRM_REQUIRED', 'E_DUPLICATE'] },
  'transfer.update': { summary: 'Replaces a draft transfer\'s warehouses, mode, lines and note.', errors: ['E_NOT_FOUND', 'E_VALIDATION', 'E_INVALID_STATE'] },
  'transfer.post': { summary: 'One step: draft → completed; one posting takes the goods out of the source (named batch, or earliest expiry first, never expired) and into the destination at the cost they leave with, batches keeping their expiry.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_INSUFFICIENT_STOCK', 'E_CONFIRM_REQUIRED', 'E_CONFLICT', 'E_DUPLICATE'] },
  'transfer.ship': { summary: 'Two steps, 发货: draft → in transit; the goods leave the source (per batch, at the moving-average cost) and are on no warehouse\'s books until received.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_INSUFFICIENT_STOCK', 'E_CONFIRM_REQUIRED', 'E_CONFLICT', 'E_DUPLICATE'] },
  'transfer.receive': { summary: 'Two steps, 收货: in transit → received; what arrived per line (at most what was shipped) enters the destination batch by batch at the cost it left with; the rest is the line\'s difference (在途差异), its value (owner/manager) a loss in transit.', errors: ['E_NOT_FOUND', 'E_VALIDATION', 'E_INVALID_STATE', 'E_CONFLICT', 'E_DUPLICATE'] },
  'transfer.cancel': { summary: 'draft → cancelled (owner/manager).', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'transfer.list': { summary: 'Transfers newest first by status (done = completed or received) or number/product keyword; paged.' },
  'transfer.get': { summary: 'A transfer with what left and arrived per batch, its history, the caller\'s next steps and its postings.', errors: ['E_NOT_FOUND'] },
  'count.create': { summary: 'A 盘点单 (PD20261123-001) of one warehouse: all products, a category or chosen ones; blind hides book quantities from clerks. Idempotent by request id.', errors: ['E_VALIDATION', 'E_DUPLICATE'] },
  'count.scan': { summary: 'One scan (+qty) or typed number (set) of a product or batch; the book quantity is read in the same transaction; lines merge over counters; a retried request id is answered, not counted twice. Batch-tracked products need batchNo (details.kind batch_required lists the book\'s batches); an unknown batch needs expiryDate.', errors: ['E_INVALID_STATE', 'E_VALIDATION', 'E_NOT_FOUND'] },
  'count.reason': { summary: 'The reason of a counted line (报损, 丢失, 盘盈 …), while counting or in review.', errors: ['E_NOT_FOUND', 'E_INVALID_STATE'] },
  'count.submit': { summary: 'counting → review: scans stop; the number counted is frozen.', errors: ['E_INVALID_STATE'] },
  'count.reopen': { summary: 'review → counting.', errors: ['E_INVALID_STATE'] },
  'count.cancel': { summary: 'counting/review → cancelled; nothing is posted.', errors: ['E_INVALID_STATE'] },
  'count.post': { summary: 'review → posting → posted: freezes the plan (counted − book at count time per line or batch; uncounted products and batches kept or taken to zero) and posts it through the engine in parts of 100 entries, each its own count_adjustment with a server-made request id; calling again resumes and never posts a part twice.', errors: ['E_INVALID_STATE', 'E_INSUFFICIENT_STOCK', 'E_FORBIDDEN'] },
  'count.list': { summary: 'Counts newest first, by status (open = counting, review, posting); paged, with progress.' },
  'count.get': { summary: 'A count with progress and (not for clerks in a blind count) its differences; their value for owner/manager.', errors: ['E_NOT_FOUND'] },
  'count.lines': { summary: 'Counted lines, newest first, all or only those that differ (the diff filter is refused to clerks in a blind count).', errors: ['E_NOT_FOUND', 'E_FORBIDDEN'] },
  'count.uncounted': { summary: 'Products in scope not counted yet, with their book quantity unless blind for the caller.', errors: ['E_NOT_FOUND'] },
  'sales.create': { summary: 'A draft 销售单 (XS20261123-001): customer (optional; 散客 otherwise), warehouse, lines priced like 开单 (clerks within the shop\'s discount limit), order discount, shipping fee, address, 赊账 flag (needs a customer). Idempotent by request id.', errors: ['E_NOT_FOUND', 'E_VALIDATION', 'E_PRICE_LIMIT', 'E_DUPLICATE'] },
  'sales.update': { summary: 'Replaces a draft\'s content (never below what is already paid).', errors: ['E_NOT_FOUND', 'E_INVALID_STATE', 'E_PRICE_LIMIT'] },
  'sales.confirm': { summary: 'draft → confirmed: holds each line\'s stock in the order\'s warehouse (balance `reserved`, in the step\'s transaction; refused beyond on hand − reserved); a credit order beyond the customer\'s limit needs the owner\'s `override` (recorded).', errors: ['E_INSUFFICIENT_STOCK', 'E_CREDIT_LIMIT', 'E_INVALID_STATE', 'E_FORBIDDEN'] },
  'sales.pay': { summary: 'A payment (method, amount) until the total is paid; on a credit order it takes what was shipped unpaid off what the customer owes.', errors: ['E_VALIDATION', 'E_INVALID_STATE'] },
  'sales.ship': { summary: 'Goods out as a sale posting (FEFO) that releases what it ships from the reservation in the same transaction; everything left or the lines named (partial); unless on credit, what has left must be paid; on credit, what left unpaid is owed (within the limit or the recorded override). Carrier and tracking number. A retried request id answers the same shipment.', errors: ['E_VALIDATION', 'E_INVALID_STATE', 'E_INSUFFICIENT_STOCK', 'E_CREDIT_LIMIT', 'E_CONFLICT'] },
  'sales.complete': { summary: 'shipped → completed: paid in full, or a credit order.', errors: ['E_INVALID_STATE'] },
  'sales.cancel': { summary: 'draft/confirmed → cancelled, releasing what was held; refused once money was received.', errors: ['E_INVALID_STATE', 'E_FORBIDDEN'] },
  'sales.close': { summary: 'partially shipped → shipped: the rest will not be sent; its reservation is released.', errors: ['E_INVALID_STATE', 'E_FORBIDDEN'] },
  'sales.list': { summary: 'Orders newest first by status (open = draft, confirmed, partially shipped), payment status, customer, today/this week (China time), or keyword (number, customer, product, tracking number); paged.' },
  'sales.get': { summary: 'An order with its shipments\' sale postings (cost and profit for owner/manager).', errors: ['E_NOT_FOUND'] },
  'audit.list': { summary: '操作记录 (owner only), newest first: every change that is not a posting — product fields and prices, settings, members and invites, warehouses, document steps, overrides — with who, when, and each field before → after; by kind, member, China-day period or target.' },
  'alerts.subscribe': { summary: 'Records the owner\'s answer to wx.requestSubscribeMessage: each acceptance allows one nightly digest.', errors: ['E_INVALID_STATE'] },
  'reports.dashboard': { summary: '首页: today\'s sales, orders and gross profit against yesterday and the same weekday last week, 30 days of sales, stock value, open alerts, this week\'s best sellers; a clerk gets their own sales only (no profit, no stock value). Past days from daily summaries, today live.' },
  'reports.stock': { summary: '进销存 per product for a period and warehouse: opening, in and out by type (a reversal counted in the type it reverses), closing, quantity and value at cost; closing = balances − what moved after the period. Paged, with totals.', errors: ['E_VALIDATION', 'E_NOT_FOUND'] },
  'reports.sales': { summary: 'Sales ranking and gross profit by product, category, customer, clerk or day: quantity, amount, cost, profit, margin, orders, share; sorted by amount, quantity or profit; paged.', errors: ['E_VALIDATION', 'E_NOT_FOUND'] },
  'reports.turnover': { summary: 'Turnover (cost of sales ÷ average stock value) and days of cover (closing ÷ the period\'s daily sales) per product; paged.', errors: ['E_VALIDATION', 'E_NOT_FOUND'] },
  'reports.returns': { summary: 'Returns per product: sold, returned, rate, refunds, and returned goods written off as damaged; paged.', errors: ['E_VALIDATION', 'E_NOT_FOUND'] },
  'reports.purchases': { summary: 'Purchases per supplier: received, returned, net, receipt days, the first and last unit cost per product, the on-time rate (page\'s suppliers only), and net purchases by month; paged.', errors: ['E_VALIDATION', 'E_NOT_FOUND'] },
  'reports.slow': { summary: 'Slow movers and stock age: products in stock by days since their last sale in the period, then value tied up; paged.', errors: ['E_VALIDATION', 'E_NOT_FOUND'] },
  // The `export` cloud function (server/files/actions.ts).
  'export.create': { summary: 'An .xlsx of products, stock by warehouse and batch, the ledger or sales orders of a period (China days, default the last 30) or customers, saved to cloud storage under exports/<shopId>/; answers its fileID and a 2-hour temporary URL. Clerks: no cost columns, no sales or customers.', errors: ['E_FORBIDDEN'] },
  'import.template': { summary: 'The product import template (.xlsx with two example rows), saved like an export.' },
  'import.preview': { summary: 'Reads an .xlsx the mini program uploaded under imports/<shopId>/ and lists every row\'s problems in Chinese (contract, duplicates in the file and the shop, units, prices, warehouses, batches); writes nothing.', errors: ['E_NOT_FOUND'] },
  'import.commit': { summary: 'Imports products and opening stock, all rows or none: refused while any row has a problem. `done: false` when cut off by the time limit: call again with the same requestId to finish; a retry never doubles.', errors: ['E_NOT_FOUND'] },
  'backup.create': { summary: 'Backs up every document of the shop to one gzip\'d file under backups/<shopId>/ and answers its 12-character restore key (the last 4 manual and 4 weekly backups are kept).' },
  'backup.list': { summary: 'The shop\'s backups, newest first, with their restore keys.' },
  'backup.restore': { summary: 'Restores a backup into the caller\'s own new, empty shop with every id remapped (members are not restored); `done: false` when cut off: call again to continue.', errors: ['E_NOT_FOUND', 'E_FORBIDDEN', 'E_INVALID_STATE'] },
  'backup.weekly': { summary: 'The weekly timer (Mondays 03:00 China time): a backup of every shop, keeping the last 4 weekly ones.' },
};

/** The members of the named interfaces of typings/api, each with its whole type (parsed, not cut by a regex) and its doc comment. */
function interfaceMembers(test: (interfaceName: string) => boolean): Map<string, { type: string; doc: string }> {
  const map = new Map<string, { type: string; doc: string }>();
  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
  const dir = path.join(ROOT, 'typings', 'api');
  for (const file of fs.readdirSync(dir).sort()) {
    const sf = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const node of sf.statements) {
      if (!ts.isInterfaceDeclaration(node) || !test(node.name.text)) continue;
      for (const m of node.members) {
        if (!ts.isPropertySignature(m) || !m.type || !m.name) continue;
        const key = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : m.name.getText(sf);
        const type = printer.printNode(ts.EmitHint.Unspecified, m.type, sf).replace(/\s+/g, ' ').replace(/;\s*}/g, ' }').trim();
        const doc = ts.getJSDocCommentsAndTags(m).map((d) => (typeof d.comment === 'string' ? d.comment : '')).join(' ').trim();
        map.set(key, { type, doc });
      }
    }
  }
  return map;
}

/** Every exported interface and type of the contract (typings/api and typings/models), as declared. */
function declarations(): Map<string, string> {
  const map = new Map<string, string>();
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const files = [...fs.readdirSync(path.join(ROOT, 'typings', 'api')).map((f) => path.join('typings', 'api', f)), path.join('typings', 'models.ts')];
  for (const file of files.sort()) {
    const sf = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const node of sf.statements) {
      if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && !node.name.text.endsWith('Outputs') && node.name.text !== 'ErrorDetails') {
        map.set(node.name.text, printer.printNode(ts.EmitHint.Unspecified, node, sf).replace(/    /g, '  '));
      }
    }
  }
  return map;
}

/** The declarations the given type texts name, and the ones those name, in name order. */
function referenced(texts: string[], all: Map<string, string>): [string, string][] {
  const seen = new Set<string>();
  const queue = [...texts];
  while (queue.length) {
    for (const m of queue.pop()!.matchAll(/\b[A-Z]\w+\b/g)) {
      if (!all.has(m[0]) || seen.has(m[0])) continue;
      seen.add(m[0]);
      queue.push(all.get(m[0])!);
    }
  }
  return [...seen].sort().map((n) => [n, all.get(n)!]);
}

const ACCESS_TEXT: Record<Exclude<Access, readonly unknown[]>, string> = {
  anyone: 'anyone, even without a WeChat identity',
  wechat: 'any WeChat user (in a shop or not)',
  newcomer: 'a WeChat user opening or joining a shop (not a disabled member)',
  console: 'the cloud console, command line or a timer only (no OPENID)',
};

function accessText(access: Access): string {
  return typeof access === 'string' ? ACCESS_TEXT[access] : access.join(', ');
}

type Json = Record<string, any>;

function typeOf(s: Json): string {
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `${typeOf(s.items ?? {})}[]`;
  return s.type ?? 'any';
}

function rules(s: Json): string {
  const r: string[] = [];
  if (s.minLength !== undefined) r.push(`≥${s.minLength} chars`);
  if (s.maxLength !== undefined) r.push(`≤${s.maxLength} chars`);
  if (s.minimum !== undefined) r.push(`≥${s.minimum}`);
  if (s.maximum !== undefined) r.push(`≤${s.maximum}`);
  if (s.minItems !== undefined) r.push(`≥${s.minItems} items`);
  if (s.maxItems !== undefined) r.push(`≤${s.maxItems} items`);
  if (s.pattern) r.push(`\`${s.pattern}\``);
  if (s.default !== undefined) r.push(`default ${JSON.stringify(s.default)}`);
  return r.join(', ');
}

function fieldRows(s: Json, prefix = ''): string[] {
  const props: Json = s.properties ?? {};
  const required = new Set<string>(s.required ?? []);
  const rows: string[] = [];
  for (const [name, p] of Object.entries<Json>(props)) {
    const opt = required.has(name) ? 'yes' : '';
    rows.push(`| \`${prefix}${name}\` | ${typeOf(p)} | ${opt} | ${rules(p)} |`);
    const inner = p.type === 'array' ? p.items : p;
    if (inner?.properties) rows.push(...fieldRows(inner, `${prefix}${name}${p.type === 'array' ? '[]' : ''}.`));
  }
  return rows;
}

export function renderApiDoc(): string {
  const outputs = interfaceMembers((n) => n.endsWith('Outputs'));
  const details = interfaceMembers((n) => n === 'ErrorDetails');
  const out: string[] = [
    '# API of the `api` cloud function',
    '',
    '<!-- Generated by `npm run docs:api` from typings/api.ts and server/actions; do not edit by hand. -->',
    '',
    'Every call is `wx.cloud.callFunction({ name: "api", data: { action, ...input } })` and answers',
    '`{ ok: true, data }` or `{ ok: false, error: { code, message, details? } }`. `message` is Chinese and',
    'can be shown as is. The caller is identified by the WeChat context (OPENID) only; their shop and role',
    'come from the `members` collection. Writes that move stock carry a client `requestId`: a retry with the',
    'same id is applied once and answers the stored result (`replayed: true`).',
    '',
    '## Conventions',
    '',
    'One rule for every quantity and amount, in inputs and outputs:',
    '',
    '- **Quantities** are integers in the product\'s **base unit** (`baseUnit`, e.g. 罐) unless the field',
    '  says otherwise: a document line with `unit` counts in that unit (the server converts with its',
    '  `factor`); `packs` counts in the product\'s `purchaseUnit`. `qty`, `onHand`, `minStock`,',
    '  `suggestedQty`, `available`/`requested` are base units.',
    '- **Money** is an integer number of **fen** (分) in every field ending in `Fen` (`salePriceFen`,',
    '  `amountFen`, `costFen`, `valueFen`, …); ¥1.50 is `150`.',
    '- **Unit cost** (`unitCost`, `unitCostAfter`) is the moving-average cost in fen per base unit as a',
    '  decimal **string** (`"60.6213"`): exact, never a float; round only for display. Cost fields are',
    '  absent for clerks.',
    '- **Signs** follow the stock: a posting line\'s `qty` and a posting\'s `totals.qty` are + into stock',
    '  and − out of stock; `amountFen` is money from the customer, + for a sale and − for a return;',
    '  `profitFen` is + for a sale and − for a return. A posting view\'s `totals.costFen` is the cost of',
    '  the goods moved (≥ 0, like every other amount); the stored posting keeps the signed change of',
    '  stock value, which payables sum.',
    '- **Dates** are calendar days `YYYY-MM-DD` that exist (China time); times are ISO 8601 strings.',
    '- **Text** is trimmed; no user string may carry control characters (tab and line break are kept),',
    `  be longer than ${INPUT_LIMITS.stringLength} characters, or nest deeper than ${INPUT_LIMITS.depth} levels; numbers are finite and`,
    '  within ±2^53 (`E_VALIDATION`, whatever the action).',
    '- **Pages**: `page` from 1, `pageSize` ≤ 100, answered as `{ items, page, pageSize, hasMore }`.',
    '',
    '## Who may call',
    '',
    '- Roles (`owner`, `manager`, `clerk`): an active member of a shop with one of them. No WeChat identity:',
    '  `E_UNAUTHENTICATED`; no shop: `E_NO_SHOP`; a membership the owner disabled: `E_MEMBER_DISABLED`;',
    '  another role: `E_FORBIDDEN`.',
    `- ${ACCESS_TEXT.wechat}: \`E_UNAUTHENTICATED\` without a WeChat identity.`,
    `- ${ACCESS_TEXT.newcomer}: \`E_MEMBER_DISABLED\` for a disabled member, \`E_DUPLICATE\` for a member.`,
    `- ${ACCESS_TEXT.console}: every WeChat user gets \`E_FORBIDDEN\`.`,
    '',
    '## Errors',
    '',
    '| code | message |',
    '| --- | --- |',
    ...Object.entries(ERROR_MESSAGES).map(([c, m]) => `| \`${c}\` | ${m} |`),
    '',
    'Every action can answer `E_VALIDATION` and `E_INTERNAL`. The first invalid field is named in the',
    'message in Chinese (`输入有误：第 1 行 数量至少为 1`); `details` keeps every issue with its raw path.',
    '',
    '### `details`',
    '',
    '| code | details | note |',
    '| --- | --- | --- |',
    ...[...details].map(([code, d]) => `| \`${code}\` | \`${d.type.replace(/\|/g, '\\|')}\` | ${d.doc} |`),
    '',
    'The types named here and in the outputs are declared under [Types](#types).',
    '',
    '## Actions',
    '',
  ];
  const section = (table: Record<string, { access: Access }>, contract: Record<string, z.ZodType>) => {
    for (const name of Object.keys(table).sort()) {
      const def = table[name];
      const note = NOTES[name];
      if (!note) throw new Error(`API doc: no summary for ${name} in scripts/api-doc.ts`);
      const schema = z.toJSONSchema(contract[name], { io: 'input', unrepresentable: 'any' }) as Json;
      const rows = fieldRows(schema);
      out.push(`### \`${name}\``, '', note.summary, '');
      const output = outputs.get(name);
      if (!output) throw new Error(`API doc: no output type for ${name} in typings/api`);
      out.push(`- Access: ${accessText(def.access)}`);
      out.push(`- Output: \`${output.type}\``);
      if (note.errors?.length) out.push(`- Errors: ${note.errors.map((e) => `\`${e}\``).join(', ')}`);
      out.push('');
      if (rows.length) out.push('| input | type | required | rules |', '| --- | --- | --- | --- |', ...rows, '');
      else out.push('Input: none.', '');
    }
  };
  section(apiActions, schemas);
  out.push('## The `export` function', '', 'Excel export and import, backup and restore: a cloud function of its own (`wx.cloud.callFunction({ name: \'export\' })`), routed by the same router with the same envelope, members, roles and errors as `api`.', '');
  section(fileActions, fileSchemas);
  const types = referenced([...outputs.values(), ...details.values()].map((o) => o.type), declarations());
  out.push('## Types', '', 'As declared in `typings/api/` and `typings/models.ts`.', '');
  for (const [, text] of types) out.push('```ts', text, '```', '');
  return out.join('\n');
}

if (process.argv[1]?.endsWith('api-doc.ts')) {
  fs.writeFileSync(path.join(ROOT, 'API.md'), renderApiDoc());
  console.log('wrote API.md');
}
