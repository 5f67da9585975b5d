/**
 * A server-paged list page: its filters, page, page size and sort (kept in the address
 * when the page asks), the search box's text, and the fetch with loading, error and
 * reload. Changing a filter goes back to page 1, as does a new sort or page size.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import type { PaginationProps, TableProps } from 'antd';
import type { Page } from '../api/types';
import { navigate } from '../app/router';
import { useI18n } from '../i18n';
import { addressOf, isFiltered, queryFromAddress, type AddressRules, type ListQuery } from './listAddress';
import { useAsync, type AsyncState } from './useAsync';

export type { ListQuery } from './listAddress';

/** antd's own page sizes, for a list that does not name its own. */
const ANTD_PAGE_SIZES = [10, 20, 50, 100];

export interface ListQueryOptions<F extends { q: string }, T> {
  /** The filters with nothing chosen, every one named (undefined when unset): what Reset returns to. */
  filters: F;
  pageSize: number;
  /** The sort with nothing chosen; none ('') when the server orders the list alone. */
  sort?: string;
  /** The page sizes the pager offers (antd's when not given). */
  pageSizes?: readonly number[];
  /** Keeps the query in the page's address, so coming back to the page keeps it. */
  address?: Omit<AddressRules<F>, 'pageSizes'>;
  load(query: ListQuery<F>): Promise<Page<T>>;
  /** What else the list reads besides the query (a reload of the whole page). */
  deps?: readonly unknown[];
}

export interface ListQueryState<F, T> {
  query: ListQuery<F>;
  list: AsyncState<Page<T>>;
  /** True when any filter is set. */
  filtered: boolean;
  /** Sets filters and goes back to page 1. */
  filter(patch: Partial<F>): void;
  /** Clears the filters, the search box and the sort. */
  reset(): void;
  /** For the search box (`Input.Search`): its text, searched as `q` when submitted. */
  search: { value: string; onChange(e: ChangeEvent<HTMLInputElement>): void; onSearch(value: string): void };
  pagination: PaginationProps;
  onPageChange(page: number, pageSize: number): void;
  /** For a `Table`: rows, loading, pager, and sorting by a column's key. */
  table: Pick<TableProps<T>, 'loading' | 'dataSource' | 'pagination' | 'onChange'>;
}

export function useListQuery<F extends { q: string }, T>(options: ListQueryOptions<F, T>): ListQueryState<F, T> {
  const { t } = useI18n();
  const { address, pageSizes } = options;
  const [first] = useState<ListQuery<F>>(() => ({ ...options.filters, page: 1, pageSize: options.pageSize, sort: options.sort ?? '' }));
  const [query, setQuery] = useState<ListQuery<F>>(() =>
    address ? queryFromAddress(window.location.search, first, { ...address, pageSizes: pageSizes ?? ANTD_PAGE_SIZES }) : first,
  );
  const [searchText, setSearchText] = useState(query.q);
  const list = useAsync(() => options.load(query), [query, ...(options.deps ?? [])]);

  const path = address?.path;
  useEffect(() => {
    if (path !== undefined) navigate(addressOf(query, first, path), { replace: true });
  }, [query, first, path]);

  const filter = (patch: Partial<F>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  const onPageChange = (page: number, pageSize: number) => setQuery((q) => ({ ...q, page: pageSize !== q.pageSize ? 1 : page, pageSize }));

  const onTableChange: TableProps<T>['onChange'] = (pager, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof one?.columnKey === 'string' ? one.columnKey : undefined;
    const sort = field && one?.order ? (one.order === 'descend' ? `-${field}` : field) : first.sort;
    setQuery((q) => ({
      ...q,
      sort,
      pageSize: pager.pageSize ?? q.pageSize,
      page: sort !== q.sort || pager.pageSize !== q.pageSize ? 1 : (pager.current ?? 1),
    }));
  };

  const pagination: PaginationProps = {
    current: query.page,
    pageSize: query.pageSize,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    ...(pageSizes ? { pageSizeOptions: [...pageSizes] } : {}),
    showTotal: (total) => t('common.total', { total }),
  };

  return {
    query,
    list,
    filtered: isFiltered(query, first),
    filter,
    reset() {
      setSearchText('');
      setQuery(first);
    },
    search: {
      value: searchText,
      onChange: (e) => setSearchText(e.target.value),
      onSearch: (value) => filter({ q: value.trim() } as Partial<F>),
    },
    pagination,
    onPageChange,
    table: { loading: list.loading, dataSource: list.data?.items ?? [], pagination, onChange: onTableChange },
  };
}
