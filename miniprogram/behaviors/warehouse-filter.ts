// A list narrowed to one warehouse or all (库存, 临期批次): the template warehouse-cell shows
// '全部仓库' first, then the shop's active warehouses, when there are two or more. The shop (its
// warehouses and 临期提醒天数) is read with the first page, in parallel, and again after the 仓库
// page changed a warehouse (services/warehouses.ts). Picking reloads the list (paged-list).
import type { Warehouse } from '../../typings/models';
import { shopService } from '../services/shop';
import { warehousesVersion } from '../services/warehouses';

export const ALL_WAREHOUSES = '全部仓库';

export interface WarehouseFilterData {
  /** shops.mine read (again after a failure, or when 仓库 changed a warehouse) */
  shopLoaded: boolean;
  warehousesSeen: number;
  expiryWindowDays: number;
  /** the active warehouses; the picker shows when there are two or more */
  warehouses: Pick<Warehouse, 'id' | 'name'>[];
  /** '全部仓库' first, then the warehouses */
  warehouseNames: string[];
  warehouseIndex: number;
  warehouseName: string;
  /** the filter sent as warehouseId ('' = all) */
  warehouseId: string;
}

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: WarehouseFilterData;
  loadShop(): Promise<void>;
  reload(): Promise<void>;
};

const host = (self: unknown) => self as Host;

/** The warehouse filter as sent: nothing for all. */
export function warehouseFilterOf(data: WarehouseFilterData): { warehouseId?: string } {
  return data.warehouseId ? { warehouseId: data.warehouseId } : {};
}

/**
 * Runs a page's query, reading the shop alongside when it is not read yet (or a warehouse changed).
 * A chosen warehouse archived meanwhile falls back to all, and the query is asked again.
 */
export async function withShop<T>(self: unknown, query: () => Promise<T>): Promise<T> {
  const h = host(self);
  if (h.data.shopLoaded && h.data.warehousesSeen === warehousesVersion()) return query();
  const asked = h.data.warehouseId;
  const [, r] = await Promise.all([h.loadShop(), query()]);
  return h.data.warehouseId === asked ? r : query();
}

export const warehouseFilter = Behavior({
  data: {
    shopLoaded: false,
    warehousesSeen: -1,
    expiryWindowDays: 0,
    warehouses: [],
    warehouseNames: [],
    warehouseIndex: 0,
    warehouseName: ALL_WAREHOUSES,
    warehouseId: '',
  } as WarehouseFilterData,
  methods: {
    async loadShop() {
      const h = host(this);
      const mine = await shopService.mine();
      const active = (mine.shop?.warehouses ?? []).filter((w) => !w.archived).map((w) => ({ id: w.id, name: w.name }));
      // a filter on a warehouse archived meanwhile falls back to all
      const index = active.findIndex((w) => w.id === h.data.warehouseId);
      h.setData({
        shopLoaded: true,
        warehousesSeen: warehousesVersion(),
        expiryWindowDays: mine.shop?.settings.expiryWindowDays ?? 0,
        warehouses: active,
        warehouseNames: [ALL_WAREHOUSES, ...active.map((w) => w.name)],
        warehouseIndex: index + 1,
        warehouseName: index >= 0 ? active[index].name : ALL_WAREHOUSES,
        warehouseId: index >= 0 ? active[index].id : '',
      });
    },
    onWarehouse(e: WechatMiniprogram.PickerChange) {
      const h = host(this);
      const i = Number(e.detail.value);
      const w = i > 0 ? h.data.warehouses[i - 1] : undefined;
      if (i > 0 && !w) return Promise.resolve();
      h.setData({ warehouseIndex: i, warehouseName: w?.name ?? ALL_WAREHOUSES, warehouseId: w?.id ?? '' });
      return h.reload();
    },
  },
});
