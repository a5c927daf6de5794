import { z } from 'zod';
import type { AbcClass, Alert, AlertKind } from '../models';
import { id } from './common';

export const replenishmentSchemas = {
  'replenishment.suggestions': z.object({ supplierId: z.string().max(64).optional() }),
  /** Runs the nightly computation for the caller's shop now; call again while `done` is false. */
  'replenishment.recompute': z.object({}),
  /**
   * Without `kind`: the first `limit` alerts of every kind, with exact counts. With `kind` and
   * `after` (a group's `next`): the alerts of that kind after that one only (the alerts tab loads
   * more as the user scrolls). A cursor, not an offset: an alert acknowledged meanwhile moves within
   * its kind, and an offset would then skip one.
   */
  'alerts.list': z.object({
    status: z.enum(['active', 'all']).default('active'),
    kind: z.enum(['low_stock', 'over_stock', 'expiring', 'dead_stock']).optional(),
    after: z.object({ status: z.enum(['open', 'acknowledged', 'closed']), updatedAt: z.string().max(40), id }).optional(),
    limit: z.number().int().min(1).max(50).default(10),
  }),
  /** Cheap counts for the home page: open alerts, per kind. */
  'alerts.counts': z.object({}),
  'alerts.acknowledge': z.object({ ids: z.array(id).min(1, '请选择预警').max(100) }),
  /** After wx.requestSubscribeMessage: each acceptance allows one digest message. */
  'alerts.subscribe': z.object({ templateId: z.string().trim().min(1, '模板 ID 不能为空').max(64), accepted: z.boolean() }),
};

export interface SuggestionItem {
  productId: string;
  productName: string;
  abcClass: AbcClass | null;
  onHand: number;
  reorderPoint: number;
  suggestedQty: number;
  baseUnit: string;
  /** the quantity in purchase units, e.g. 2 箱 */
  packs: number;
  purchaseUnit: string;
  unitCostFen: number;
  suggestedCostFen: number;
  reason: string;
  /** how well the forecast behind the suggestion did */
  accuracy: ForecastAccuracy;
}

/** The forecast's backtest accuracy in the merchant's words. */
export interface ForecastAccuracy {
  /**
   * good: a week's error within 25% of a week's sales, or MASE < 0.8 (clearly better than "what sold
   * the day before"); poor: above 50% and MASE ≥ 1.2; fair: between; unknown: too little history
   */
  grade: 'good' | 'fair' | 'poor' | 'unknown';
  mase: number | null;
  /** about how many base units a week's sales miss the forecast by (σ per day × √7) */
  weeklyError: number | null;
  /** e.g. 预测准确度：好（每周误差约 ±3罐） */
  text: string;
}

export interface SuggestionGroup {
  supplierId: string;
  supplierName: string;
  items: SuggestionItem[];
  totalCostFen: number;
  /** ready to paste into a chat with the supplier */
  orderText: string;
}

/** What the alerts tab shows of an alert: small, a page of them is a small setData. `message` is
 * worded on the day it is read (its day counters come from the alert's stored dates). */
export interface AlertView extends Pick<Alert, '_id' | 'kind' | 'productId' | 'productName' | 'batchNo' | 'status' | 'message' | 'updatedAt'> {
  onHand: number | null;
  reorderPoint: number | null;
  suggestedQty: number | null;
  baseUnit: string;
  /** the product's forecast accuracy (null: no record yet) */
  accuracy: ForecastAccuracy | null;
  /** last 8 weeks of sales, then the forecast of the coming week */
  chart: { weeks: number[]; forecastWeek: number } | null;
}

export interface AlertCursor {
  status: Alert['status'];
  updatedAt: string;
  id: string;
}

export interface AlertGroup {
  kind: AlertKind;
  label: string;
  /** every alert of the kind (exact), not only the ones answered */
  count: number;
  items: AlertView[];
  hasMore: boolean;
  /** the cursor of the last answered alert: pass it as `after` for the next ones (null: no more) */
  next: AlertCursor | null;
}

export interface RunSummary {
  day: string;
  phase: string;
  done: boolean;
  products: number;
  newAlerts: number;
  finishedAt: string | null;
}

export interface ReplenishmentOutputs {
  'replenishment.suggestions': { day: string | null; groups: SuggestionGroup[] };
  'replenishment.recompute': RunSummary;
  'alerts.list': {
    groups: AlertGroup[];
    counts: { open: number; acknowledged: number };
    lastRun: RunSummary | null;
    digest: { templateId: string; credits: number; isOwner: boolean };
  };
  'alerts.counts': { open: number; byKind: Record<AlertKind, number> };
  'alerts.acknowledge': { acknowledged: number };
  'alerts.subscribe': { credits: number };
}
