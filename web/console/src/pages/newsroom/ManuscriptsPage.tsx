/**
 * 稿件: the manuscripts the user may see, searched, filtered (status, kind, column,
 * mine), sorted and paged on the server; a new manuscript opens in the editor. The
 * filters live in the address, so coming back from the editor keeps them.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Flex, Input, Select, Space, Table, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table/interface';
import { api } from '../../api/client';
import type { Manuscript, ManuscriptKind, ManuscriptStatus, Page } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { NewManuscriptModal } from './NewManuscriptModal';
import { kindLabel, KINDS, LockMark, orderOf, statusLabel, STATUSES, StatusTag, useColumns } from './shared';

interface Query {
  q: string;
  status?: ManuscriptStatus;
  kind?: ManuscriptKind;
  columnId?: string;
  mine: boolean;
  page: number;
  pageSize: number;
  sort: string;
}

const FIRST_QUERY: Query = { q: '', mine: false, page: 1, pageSize: 20, sort: '-updatedAt' };
const SORTS = ['updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'title', '-title'];

function queryFromAddress(search: string): Query {
  const p = new URLSearchParams(search);
  const status = p.get('status');
  const kind = p.get('kind');
  const sort = p.get('sort');
  const page = Number(p.get('page'));
  const pageSize = Number(p.get('pageSize'));
  return {
    q: p.get('q') ?? '',
    status: STATUSES.includes(status as ManuscriptStatus) ? (status as ManuscriptStatus) : undefined,
    kind: KINDS.includes(kind as ManuscriptKind) ? (kind as ManuscriptKind) : undefined,
    columnId: p.get('columnId') || undefined,
    mine: p.get('mine') === 'true',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: [10, 20, 50, 100].includes(pageSize) ? pageSize : FIRST_QUERY.pageSize,
    sort: sort && SORTS.includes(sort) ? sort : FIRST_QUERY.sort,
  };
}

function addressOf(q: Query): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.status) p.set('status', q.status);
  if (q.kind) p.set('kind', q.kind);
  if (q.columnId) p.set('columnId', q.columnId);
  if (q.mine) p.set('mine', 'true');
  if (q.sort !== FIRST_QUERY.sort) p.set('sort', q.sort);
  if (q.page !== 1) p.set('page', String(q.page));
  if (q.pageSize !== FIRST_QUERY.pageSize) p.set('pageSize', String(q.pageSize));
  const text = p.toString();
  return `/newsroom/manuscripts${text ? `?${text}` : ''}`;
}

export default function ManuscriptsPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [query, setQuery] = useState<Query>(() => queryFromAddress(window.location.search));
  const [searchText, setSearchText] = useState(query.q);
  const [creating, setCreating] = useState(false);
  const columns = useColumns();

  const list = useAsync(
    () => api.get<Page<Manuscript>>('/api/manuscripts', { ...query, mine: query.mine ? true : undefined }),
    [query],
  );

  useEffect(() => {
    navigate(addressOf(query), { replace: true });
  }, [query]);

  const filter = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  const columnName = (id: string | null) => (id ? columns.data?.find((c) => c.id === id)?.name ?? '—' : '—');

  const onTableChange: TableProps<Manuscript>['onChange'] = (pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof one?.columnKey === 'string' ? one.columnKey : undefined;
    const sort = field && one?.order ? (one.order === 'descend' ? `-${field}` : field) : FIRST_QUERY.sort;
    setQuery((q) => ({
      ...q,
      sort,
      pageSize: pagination.pageSize ?? q.pageSize,
      page: sort !== q.sort || pagination.pageSize !== q.pageSize ? 1 : (pagination.current ?? 1),
    }));
  };

  const tableColumns: ColumnsType<Manuscript> = [
    {
      title: t('ms.title'), dataIndex: 'title', key: 'title', sorter: true, sortOrder: orderOf(query.sort, 'title'),
      render: (title: string, m) => (
        <Space size={6}>
          {/* Titles are text: React escapes them. */}
          <Link href={`/newsroom/manuscripts/${m.id}`} data-testid="manuscript-link">
            <Typography.Text strong style={{ color: 'inherit' }}>{title}</Typography.Text>
          </Link>
          <LockMark lock={m.lock} />
        </Space>
      ),
    },
    { title: t('ms.kind'), dataIndex: 'kind', key: 'kind', width: 90, render: (kind: string) => kindLabel(t, kind) },
    { title: t('ms.column'), dataIndex: 'columnId', key: 'column', width: 140, render: (id: string | null) => columnName(id) },
    { title: t('ms.status'), key: 'status', width: 150, render: (_, m) => <StatusTag m={m} /> },
    { title: t('ms.version'), dataIndex: 'version', key: 'version', width: 90, render: (n: number) => t('ms.versionN', { n }) },
    { title: t('ms.author'), key: 'author', width: 140, render: (_, m) => m.author.name },
    { title: t('ms.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 150, sorter: true, sortOrder: orderOf(query.sort, 'updatedAt'), render: (v: string) => formatDateTime(v) },
    { title: t('ms.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150, sorter: true, sortOrder: orderOf(query.sort, 'createdAt'), render: (v: string) => formatDateTime(v) },
  ];

  const filtered = Boolean(query.q || query.status || query.kind || query.columnId || query.mine);
  return (
    <>
      <PageHeader
        title={t('nav.manuscripts')}
        subtitle={t('ms.subtitle')}
        extra={
          <>
            {/* Full-text search (titles and bodies, ranked) is its own page. */}
            <Input.Search
              placeholder={t('search.jumpPlaceholder')}
              style={{ width: 240 }}
              onSearch={(value) => {
                if (value.trim()) navigate(`/newsroom/search?q=${encodeURIComponent(value.trim())}`);
              }}
              data-testid="manuscripts-fulltext"
            />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-manuscript">
              {t('ms.create')}
            </Button>
          </>
        }
      />
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('ms.searchPlaceholder')}
            style={{ width: 240 }}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(value) => filter({ q: value.trim() })}
            data-testid="manuscripts-search"
          />
          <Select
            allowClear
            placeholder={t('ms.status')}
            style={{ width: 120 }}
            value={query.status}
            onChange={(status?: ManuscriptStatus) => filter({ status })}
            options={STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
            data-testid="manuscripts-status"
          />
          <Select
            allowClear
            placeholder={t('ms.kind')}
            style={{ width: 110 }}
            value={query.kind}
            onChange={(kind?: ManuscriptKind) => filter({ kind })}
            options={KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
          />
          <Select
            allowClear
            placeholder={t('ms.column')}
            style={{ width: 160 }}
            value={query.columnId}
            onChange={(columnId?: string) => filter({ columnId })}
            options={(columns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            notFoundContent={t('common.none')}
          />
          <Checkbox checked={query.mine} onChange={(e) => filter({ mine: e.target.checked })} data-testid="manuscripts-mine">
            {t('ms.mine')}
          </Checkbox>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setSearchText('');
              setQuery(FIRST_QUERY);
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<Manuscript>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={tableColumns}
          onChange={onTableChange}
          scroll={{ x: 1100 }}
          locale={{ emptyText: filtered ? t('ms.noMatch') : t('ms.empty') }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="manuscripts-table"
        />
      </Card>
      <NewManuscriptModal open={creating} columns={columns.data ?? []} onClose={() => setCreating(false)} />
    </>
  );
}
