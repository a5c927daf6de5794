// The seed calls action handlers; the action table imports the seed. Resolve the table lazily.
import type { ActionTable } from '../core/router';

let table: ActionTable | null = null;

export function registerActions(actions: ActionTable): void {
  table = actions;
}

export function apiActionsLazy(): ActionTable {
  if (!table) throw new Error('actions not registered');
  return table;
}
