// What changed while a page was hidden (a product edited, created or archived, stock moved), so a
// page coming back refreshes only that instead of reloading from page 1. A small log in the app's
// globalData: each page keeps the version it has seen and asks for what came after.

interface ChangeLog {
  version: number;
  /** oldest version still in `entries` minus one: a page older than this reloads everything */
  floor: number;
  entries: { version: number; productId: string; kind: ChangeKind }[];
}

export type ChangeKind = 'updated' | 'created' | 'archived';

export interface Changes {
  version: number;
  /** too much changed (or the log was trimmed): reload */
  reload: boolean;
  created: boolean;
  updated: string[];
  archived: string[];
}

const MAX_ENTRIES = 200;

function log(): ChangeLog {
  const app = getApp<{ globalData: { changes?: ChangeLog } }>();
  if (!app.globalData) app.globalData = {};
  if (!app.globalData.changes) app.globalData.changes = { version: 0, floor: 0, entries: [] };
  return app.globalData.changes;
}

export function markChanged(productIds: string[], kind: ChangeKind = 'updated'): void {
  const l = log();
  for (const productId of new Set(productIds)) l.entries.push({ version: ++l.version, productId, kind });
  if (l.entries.length > MAX_ENTRIES) {
    const dropped = l.entries.splice(0, l.entries.length - MAX_ENTRIES);
    l.floor = dropped[dropped.length - 1].version;
  }
}

export function currentVersion(): number {
  return log().version;
}

/** What changed after `version` (the version a page saw when it last loaded). */
export function changesSince(version: number): Changes {
  const l = log();
  const after = l.entries.filter((e) => e.version > version);
  const archived = [...new Set(after.filter((e) => e.kind === 'archived').map((e) => e.productId))];
  const updated = [...new Set(after.filter((e) => e.kind === 'updated').map((e) => e.productId))].filter((id) => !archived.includes(id));
  return { version: l.version, reload: version < l.floor, created: after.some((e) => e.kind === 'created'), updated, archived };
}

/**
 * Whole areas a tab page shows and another page may change (the shop's settings, its warehouses):
 * one counter each, bumped where the change is saved, compared by the tab page when it shows again.
 */
export type Area = 'settings' | 'warehouses';

function areaVersions(): Partial<Record<Area, number>> {
  const app = getApp<{ globalData: { areaVersions?: Partial<Record<Area, number>> } }>();
  if (!app.globalData) app.globalData = {};
  if (!app.globalData.areaVersions) app.globalData.areaVersions = {};
  return app.globalData.areaVersions;
}

export function markAreaChanged(area: Area): void {
  const v = areaVersions();
  v[area] = (v[area] ?? 0) + 1;
}

export function areaVersion(area: Area): number {
  return areaVersions()[area] ?? 0;
}
