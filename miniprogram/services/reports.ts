import type { ActionInput } from '../../typings/api';
import { call } from './api';

export type ReportQuery = ActionInput<'reports.stock'>;

export const reportsService = {
  dashboard: () => call('reports.dashboard', {}),
  stock: (q: ActionInput<'reports.stock'>) => call('reports.stock', q),
  sales: (q: ActionInput<'reports.sales'>) => call('reports.sales', q),
  turnover: (q: ActionInput<'reports.turnover'>) => call('reports.turnover', q),
  returns: (q: ActionInput<'reports.returns'>) => call('reports.returns', q),
  purchases: (q: ActionInput<'reports.purchases'>) => call('reports.purchases', q),
  slow: (q: ActionInput<'reports.slow'>) => call('reports.slow', q),
};
