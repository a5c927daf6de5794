// Which warehouse a scanned document (开单, 入库) moves stock in. A shop with one active warehouse
// never sees the question; with more, the document shows a picker that starts on the last one chosen
// for that kind of document in this shop (kept on the phone, per shop and kind: goods are often
// received into a back room and sold from the front), or the default one. The 仓库 page bumps a version in
// the app's globalData when it changes a warehouse, so an open document page picks the change up
// when it shows again.
import type { MineView } from '../../typings/api/shops';
import type { Warehouse } from '../../typings/models';
import { call } from './api';
import { areaVersion, markAreaChanged } from './changes';

export const warehouseService = {
  save: (input: { id?: string; name: string; archived?: boolean }) => call('warehouses.save', { archived: false, ...input }),
};

export interface WarehouseChoice {
  /** the active warehouses to choose from; empty when there is only one (nothing to choose) */
  warehouses: Pick<Warehouse, 'id' | 'name'>[];
  warehouseNames: string[];
  /** what the document sends as warehouseId ('' with one warehouse: the server's default) */
  warehouseId: string;
  warehouseName: string;
  warehouseIndex: number;
}

const NO_CHOICE: WarehouseChoice = { warehouses: [], warehouseNames: [], warehouseId: '', warehouseName: '', warehouseIndex: -1 };

/** What a document does with stock ('sale', 'purchase'): each kind remembers its own warehouse. */
export type DocumentKind = string;

const storageKey = (shopId: string, kind: DocumentKind) => `stockmate.warehouse.${shopId}.${kind}`;

function remembered(shopId: string, kind: DocumentKind): string {
  try {
    return String(wx.getStorageSync(storageKey(shopId, kind)) || '');
  } catch {
    return ''; // storage unavailable: start on the default warehouse
  }
}

/** The choice a document starts with. An archived or deleted remembered warehouse falls back to the default. */
export function warehouseChoice(shop: MineView['shop'], kind: DocumentKind): WarehouseChoice {
  const active = (shop?.warehouses ?? []).filter((w) => !w.archived);
  if (!shop || active.length < 2) return NO_CHOICE;
  const want = remembered(shop._id, kind);
  const chosen = active.find((w) => w.id === want) ?? active.find((w) => w.isDefault) ?? active[0];
  return pick(active.map((w) => ({ id: w.id, name: w.name })), chosen.id);
}

/** The user picked the warehouse at `index` of the choice: remembered for this shop's next document of the kind. */
export function chooseWarehouse(shopId: string, kind: DocumentKind, choice: WarehouseChoice, index: number): WarehouseChoice | null {
  const w = choice.warehouses[index];
  if (!w) return null;
  try {
    wx.setStorageSync(storageKey(shopId, kind), w.id);
  } catch {
    // not remembered; this document still uses it
  }
  return pick(choice.warehouses, w.id);
}

function pick(warehouses: WarehouseChoice['warehouses'], id: string): WarehouseChoice {
  const i = warehouses.findIndex((w) => w.id === id);
  return { warehouses, warehouseNames: warehouses.map((w) => w.name), warehouseId: id, warehouseName: warehouses[i].name, warehouseIndex: i };
}

export const markWarehousesChanged = (): void => markAreaChanged('warehouses');
export const warehousesVersion = (): number => areaVersion('warehouses');
