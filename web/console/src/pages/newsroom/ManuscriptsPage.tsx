/**
 * 稿件: the manuscripts the user may see, searched, filtered (status, kind, column,
 * mine), sorted and paged on the server; a new manuscript opens in the editor. The
 * filters live in the address, so coming back from the editor keeps them.
 */
import { useState } from 'react';
import { Button, Card, Checkbox, Flex, Input, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table/interface';
import { api } from '../../api/client';
import type { Manuscript, ManuscriptKind, ManuscriptStatus, Page } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useListQuery } from '../../common/useListQuery';
import { useI18n } from '../../i18n';
import { NewManuscriptModal } from './NewManuscriptModal';
import { kindLabel, KINDS, LockMark, orderOf, statusLabel, STATUSES, StatusTag, useColumns } from './shared';

interface Filters {
  q: string;
  status?: ManuscriptStatus;
  kind?: ManuscriptKind;
  columnId?: string;
  mine: boolean;
}

// In the order they appear in the address.
const NO_FILTERS: Filters = { q: '', status: undefined, kind: undefined, columnId: undefined, mine: false };
const SORTS = ['updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'title', '-title'];

export default function ManuscriptsPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [creating, setCreating] = useState(false);
  const columns = useColumns();
  const { query, list, filtered, filter, reset, search, table } = useListQuery<Filters, Manuscript>({
    filters: NO_FILTERS,
    sort: '-updatedAt',
    pageSize: 20,
    pageSizes: [10, 20, 50, 100],
    address: { path: '/newsroom/manuscripts', sorts: SORTS, allowed: { status: STATUSES, kind: KINDS } },
    load: (q) => api.get<Page<Manuscript>>('/api/manuscripts', { ...q, mine: q.mine ? true : undefined }),
  });

  const columnName = (id: string | null) => (id ? columns.data?.find((c) => c.id === id)?.name ?? '—' : '—');

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
            {...search}
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
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('common.reset')}
          </Button>
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<Manuscript>
          rowKey="id"
          size="middle"
          {...table}
          columns={tableColumns}
          scroll={{ x: 1100 }}
          locale={{ emptyText: filtered ? t('ms.noMatch') : t('ms.empty') }}
          data-testid="manuscripts-table"
        />
      </Card>
      <NewManuscriptModal open={creating} columns={columns.data ?? []} onClose={() => setCreating(false)} />
    </>
  );
}
