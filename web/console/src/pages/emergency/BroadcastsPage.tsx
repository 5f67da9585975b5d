/**
 * 广播列表: the center's emergency broadcasts, newest first, filtered by status and by
 * real / drill, searched by title, paged on the server. Drill rows are hatched violet
 * with a large 演练 DRILL badge; real ones carry a bold red 真实 REAL badge. The
 * filters live in the address, so coming back from a broadcast keeps them.
 */
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Button, Card, Flex, Input, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table/interface';
import { api } from '../../api/client';
import type { Broadcast, EbStatus, Page } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { useCurrentSession } from '../../app/session';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { EB_AUTHOR, EB_STATUSES, EbStatusTag, eventTypeLabel, ModeBadge, msgTypeLabel, SeverityTag, statusLabel, styles } from './shared';

type DrillFilter = 'real' | 'drill';

interface Query {
  q: string;
  status?: EbStatus;
  drill?: DrillFilter;
  page: number;
  pageSize: number;
}

const FIRST_QUERY: Query = { q: '', page: 1, pageSize: 20 };

function queryFromAddress(search: string): Query {
  const p = new URLSearchParams(search);
  const status = p.get('status');
  const drill = p.get('drill');
  const page = Number(p.get('page'));
  const pageSize = Number(p.get('pageSize'));
  return {
    q: p.get('q') ?? '',
    status: EB_STATUSES.includes(status as EbStatus) ? (status as EbStatus) : undefined,
    drill: drill === 'real' || drill === 'drill' ? drill : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: [10, 20, 50, 100].includes(pageSize) ? pageSize : FIRST_QUERY.pageSize,
  };
}

function addressOf(q: Query): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.status) p.set('status', q.status);
  if (q.drill) p.set('drill', q.drill);
  if (q.page !== 1) p.set('page', String(q.page));
  if (q.pageSize !== FIRST_QUERY.pageSize) p.set('pageSize', String(q.pageSize));
  const text = p.toString();
  return `/emergency/broadcasts${text ? `?${text}` : ''}`;
}

export default function BroadcastsPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { can } = useCurrentSession();
  const [query, setQuery] = useState<Query>(() => queryFromAddress(window.location.search));
  const [searchText, setSearchText] = useState(query.q);

  const list = useAsync(
    () =>
      api.get<Page<Broadcast>>('/api/eb/broadcasts', {
        q: query.q,
        status: query.status,
        drill: query.drill ? query.drill === 'drill' : undefined,
        page: query.page,
        pageSize: query.pageSize,
      }),
    [query],
  );

  useEffect(() => {
    navigate(addressOf(query), { replace: true });
  }, [query]);

  const filter = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));

  const columns: ColumnsType<Broadcast> = [
    {
      title: t('eb.col.mode'), key: 'mode', width: 150,
      render: (_, b) => (
        <Flex vertical gap={2} align="flex-start">
          <ModeBadge drill={b.drill} />
          {b.drill ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{msgTypeLabel(t, b.msgType)}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      title: t('eb.form.title'), dataIndex: 'title', key: 'title',
      render: (title: string, b) => (
        <Space orientation="vertical" size={0}>
          {/* Titles are text: React escapes them. */}
          <Link href={`/emergency/broadcasts/${b.id}`} data-testid="eb-link">
            <Typography.Text strong style={{ color: 'inherit' }}>{title}</Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{eventTypeLabel(i18n, b.eventType)}</Typography.Text>
        </Space>
      ),
    },
    { title: t('eb.form.severity'), key: 'severity', width: 120, render: (_, b) => <SeverityTag severity={b.severity} /> },
    { title: t('eb.col.status'), key: 'status', width: 100, render: (_, b) => <EbStatusTag status={b.status} /> },
    { title: t('eb.form.areas'), key: 'areas', width: 100, render: (_, b) => t('eb.areasN', { n: b.areaCodes.length }) },
    {
      title: t('eb.form.window'), key: 'window', width: 180,
      render: (_, b) => (
        <Flex vertical>
          <span>{formatDateTime(b.startAt)}</span>
          <Typography.Text type="secondary">{formatDateTime(b.endAt)}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('eb.field.author'), key: 'author', width: 110, render: (_, b) => b.author.name },
    { title: t('eb.field.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
  ];

  const filtered = Boolean(query.q || query.status || query.drill);
  return (
    <>
      <PageHeader
        title={t('nav.ebBroadcasts')}
        subtitle={t('eb.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>{t('common.refresh')}</Button>
            {can(EB_AUTHOR) ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/emergency/broadcasts/new')} data-testid="eb-new">
                {t('nav.ebNew')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('eb.searchPlaceholder')}
            style={{ width: 240 }}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(value) => filter({ q: value.trim() })}
            data-testid="eb-search"
          />
          <Select
            allowClear
            placeholder={t('eb.col.status')}
            style={{ width: 120 }}
            value={query.status}
            onChange={(status?: EbStatus) => filter({ status })}
            options={EB_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
            data-testid="eb-filter-status"
          />
          <Select
            allowClear
            placeholder={t('eb.filter.mode')}
            style={{ width: 140 }}
            value={query.drill}
            onChange={(drill?: DrillFilter) => filter({ drill })}
            options={[
              { value: 'real', label: t('eb.filter.real') },
              { value: 'drill', label: t('eb.filter.drill') },
            ]}
            data-testid="eb-filter-drill"
          />
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
        <Table<Broadcast>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          rowClassName={(b) => (b.drill ? styles.drillRow : styles.realRow)}
          onRow={(b) => ({ 'data-drill': String(b.drill), 'data-testid': 'eb-row' }) as HTMLAttributes<HTMLElement>}
          scroll={{ x: 1100 }}
          locale={{ emptyText: filtered ? t('eb.noMatch') : t('eb.empty') }}
          onChange={(pagination) =>
            setQuery((q) => ({
              ...q,
              pageSize: pagination.pageSize ?? q.pageSize,
              page: pagination.pageSize !== q.pageSize ? 1 : (pagination.current ?? 1),
            }))
          }
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="eb-table"
        />
      </Card>
    </>
  );
}
