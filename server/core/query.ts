import type { Paged } from '../../typings/api/common';

/** User text inside a RegExp: every metacharacter escaped, so input is matched literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Rows fetched with limit pageSize + 1: the extra row only tells whether there is a next page. */
export function pageOf<T>(rows: T[], page: number, pageSize: number): Paged<T> {
  return { items: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize };
}
