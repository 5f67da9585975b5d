/**
 * 广播列表: the center's emergency broadcasts, newest first, filtered by status and by
 * real / drill, searched by title, paged on the server. Drill rows are hatched violet
 * with a large 演练 DRILL badge; real ones carry a bold red 真实 REAL badge. The
 * filters live in the address, so coming back from a broadcast keeps them.
 */
import type { HTMLAttributes } from 'react';
import { Button, Card, Flex, Input, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table/interface';
import { api } from '../../api/client';
import type { Broadcast, EbStatus, Page } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { useCurrentSession } from '../../app/session';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useListQuery } from '../../common/useListQuery';
import { useI18n } from '../../i18n';
import { EB_AUTHOR, EB_STATUSES, EbStatusTag, eventTypeLabel, ModeBadge, msgTypeLabel, SeverityTag, statusLabel, styles } from './shared';

type DrillFilter = 'real' | 'drill';

interface Filters {
  q: string;
  status?: EbStatus;
  drill?: DrillFilter;
}

// In the order they appear in the address.
const NO_FILTERS: Filters = { q: '', status: undefined, drill: undefined };

export default function BroadcastsPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { can } = useCurrentSession();
  const { query, list, filtered, filter, reset, search, table } = useListQuery<Filters, Broadcast>({
    filters: NO_FILTERS,
    pageSize: 20,
    pageSizes: [10, 20, 50, 100],
    address: { path: '/emergency/broadcasts', allowed: { status: EB_STATUSES, drill: ['real', 'drill'] } },
    load: (q) =>
      api.get<Page<Broadcast>>('/api/eb/broadcasts', {
        q: q.q,
        status: q.status,
        drill: q.drill ? q.drill === 'drill' : undefined,
        page: q.page,
        pageSize: q.pageSize,
      }),
  });

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
            {...search}
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
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('common.reset')}
          </Button>
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<Broadcast>
          rowKey="id"
          size="middle"
          {...table}
          columns={columns}
          rowClassName={(b) => (b.drill ? styles.drillRow : styles.realRow)}
          onRow={(b) => ({ 'data-drill': String(b.drill), 'data-testid': 'eb-row' }) as HTMLAttributes<HTMLElement>}
          scroll={{ x: 1100 }}
          locale={{ emptyText: filtered ? t('eb.noMatch') : t('eb.empty') }}
          data-testid="eb-table"
        />
      </Card>
    </>
  );
}
