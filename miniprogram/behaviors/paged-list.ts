// A paged list page: page 1 on reload, later pages appended by path (only the new rows cross to the
// view layer), more at the bottom, retry after an error, fresh on return and on pull-down. The host
// page implements fetchPage(page, pageSize) and answers its rows (already shaped for the view),
// whether there are more, and anything else to show with them.
import { errorMessage } from '../services/api';

export const PAGE_SIZE = 20;

export interface PagedListData {
  items: unknown[];
  page: number;
  hasMore: boolean;
  loading: boolean;
  error: string;
}

export interface FetchedPage {
  rows: unknown[];
  hasMore: boolean;
  /** more fields to set with the rows (e.g. the keyword they answer) */
  extra?: Record<string, unknown>;
}

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: PagedListData;
  fetchPage(page: number, pageSize: number): Promise<FetchedPage>;
  reload(): Promise<void>;
  loadPage(page: number): Promise<void>;
  loadMore(): Promise<void>;
};

const host = (self: unknown) => self as Host;

export const pagedList = Behavior({
  data: { items: [], page: 0, hasMore: true, loading: false, error: '' } as PagedListData,
  methods: {
    onShow() {
      // back from creating or editing one: show what changed
      if (host(this).data.page > 0) host(this).reload();
    },
    onPullDownRefresh() {
      host(this)
        .reload()
        .then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      host(this).loadMore();
    },
    loadMore() {
      const h = host(this);
      if (h.data.hasMore && !h.data.loading && !h.data.error) return h.loadPage(h.data.page + 1);
      return Promise.resolve();
    },
    onRetry() {
      const h = host(this);
      if (h.data.page === 0) return h.reload();
      h.setData({ error: '' });
      return h.loadMore();
    },
    reload() {
      host(this).setData({ items: [], page: 0, hasMore: true });
      return host(this).loadPage(1);
    },
    async loadPage(page: number) {
      const h = host(this);
      h.setData({ loading: true, error: '' });
      try {
        const { rows, hasMore, extra } = await h.fetchPage(page, PAGE_SIZE);
        const start = page === 1 ? 0 : h.data.items.length;
        const patch: Record<string, unknown> = { ...extra, page, hasMore, loading: false };
        if (page === 1) patch.items = rows;
        else rows.forEach((row, i) => (patch[`items[${start + i}]`] = row));
        h.setData(patch);
      } catch (e) {
        h.setData({ loading: false, error: errorMessage(e) });
      }
    },
  },
});

/**
 * A paged list searched by keyword (the van-search above it): typing keeps the text, 搜索 and
 * clearing reload from page 1. Pair it with pagedList; fetchPage reads `keyword`.
 */
export const keywordSearch = Behavior({
  data: { keyword: '' },
  methods: {
    onSearchChange(e: WechatMiniprogram.CustomEvent) {
      host(this).setData({ keyword: String(e.detail) });
    },
    onSearch() {
      return host(this).reload();
    },
    onClearSearch() {
      host(this).setData({ keyword: '' });
      return host(this).reload();
    },
  },
});

/**
 * Tabs and chips that filter a paged list: each names the data field it sets and its value
 * (data-field, data-value); tapping another value sets it and reloads page 1.
 */
export const listFilters = Behavior({
  methods: {
    onFilter(e: WechatMiniprogram.TouchEvent) {
      const h = host(this);
      const { field, value } = e.currentTarget.dataset as { field: string; value: string };
      if ((h.data as unknown as Record<string, unknown>)[field] === value) return Promise.resolve();
      h.setData({ [field]: value });
      return h.reload();
    },
  },
});
