/**
 * 审核队列: a card for each review level I hold (how many wait, and the longest wait),
 * the manuscripts I wrote that came back, and the list waiting at the chosen level,
 * longest waiting first.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Manuscript, Page, ReviewQueues } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { kindLabel, levelLabel, LockMark, useColumns, waitedSince } from './shared';

export default function ReviewQueuesPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const queues = useAsync(() => api.get<ReviewQueues>('/api/review/queues'), []);
  const columns = useColumns();
  const [level, setLevel] = useState<number | null>(() => {
    const asked = Number(new URLSearchParams(window.location.search).get('level'));
    return [1, 2, 3].includes(asked) ? asked : null;
  });
  const [page, setPage] = useState({ page: 1, pageSize: 20 });

  // Start at the first level with work waiting (or the first level held).
  useEffect(() => {
    const levels = queues.data?.levels ?? [];
    if (!levels.length) return;
    if (level === null || !levels.some((l) => l.level === level)) {
      setLevel((levels.find((l) => l.waiting > 0) ?? levels[0]!).level);
    }
  }, [queues.data, level]);

  useEffect(() => {
    if (level !== null) navigate(`/newsroom/review?level=${level}`, { replace: true });
  }, [level]);

  const list = useAsync(
    () => (level === null ? Promise.resolve(undefined) : api.get<Page<Manuscript>>('/api/manuscripts', { queue: level, sort: 'updatedAt', ...page })),
    [level, page],
  );

  const reload = () => {
    queues.reload();
    list.reload();
  };
  const levels = queues.data?.levels ?? [];
  const columnName = (id: string | null) => (id ? columns.data?.find((c) => c.id === id)?.name ?? '—' : '—');

  return (
    <>
      <PageHeader title={t('nav.reviewQueues')} subtitle={t('queue.subtitle')} extra={<Button icon={<ReloadOutlined />} onClick={reload}>{t('common.refresh')}</Button>} />
      <ErrorAlert error={queues.error} onRetry={queues.reload} />
      {queues.data && !levels.length ? <Alert type="info" showIcon title={t('queue.noLevels')} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {levels.map((l) => {
          const chosen = l.level === level;
          return (
            <Col xs={24} sm={12} xl={6} key={l.level}>
              <Card
                hoverable
                onClick={() => {
                  setLevel(l.level);
                  setPage((p) => ({ ...p, page: 1 }));
                }}
                style={chosen ? { borderColor: '#1d5fd6', boxShadow: '0 0 0 1px #1d5fd6' } : undefined}
                data-testid={`queue-${l.level}`}
              >
                <Statistic title={`${levelLabel(t, l.level)} · ${t('queue.waiting')}`} value={l.waiting} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.oldestSince ? t('queue.oldest', { time: waitedSince(l.oldestSince, i18n) }) : t('queue.none')}
                </Typography.Text>
              </Card>
            </Col>
          );
        })}
        {queues.data ? (
          <Col xs={24} sm={12} xl={6}>
            <Card hoverable onClick={() => navigate('/newsroom/manuscripts?status=returned&mine=true')} data-testid="queue-returned">
              <Statistic title={t('queue.returnedToMe')} value={queues.data.returnedToMe} prefix={<RollbackOutlined />} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('queue.returnedHelp')}</Typography.Text>
            </Card>
          </Col>
        ) : null}
      </Row>
      {level !== null ? (
        <Card title={t('queue.list', { level: levelLabel(t, level) })}>
          <ErrorAlert error={list.error} onRetry={list.reload} />
          <Table<Manuscript>
            rowKey="id"
            size="middle"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('queue.empty') }}
            scroll={{ x: 900 }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, pageSize) => setPage({ page: pageSize !== page.pageSize ? 1 : p, pageSize }),
            }}
            columns={[
              {
                title: t('ms.title'), key: 'title',
                render: (_, m) => (
                  <Space size={6}>
                    <Link href={`/newsroom/manuscripts/${m.id}`}>
                      <Typography.Text strong style={{ color: 'inherit' }}>{m.title}</Typography.Text>
                    </Link>
                    <LockMark lock={m.lock} />
                  </Space>
                ),
              },
              { title: t('ms.kind'), key: 'kind', width: 90, render: (_, m) => kindLabel(t, m.kind) },
              { title: t('ms.column'), key: 'column', width: 140, render: (_, m) => columnName(m.columnId) },
              { title: t('ms.author'), key: 'author', width: 140, render: (_, m) => m.author.name },
              { title: t('ms.version'), key: 'version', width: 90, render: (_, m) => t('ms.versionN', { n: m.version }) },
              {
                title: t('queue.since'), key: 'since', width: 200,
                render: (_, m) => (
                  <span>
                    {formatDateTime(m.updatedAt)}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>({waitedSince(m.updatedAt, i18n)})</Typography.Text>
                  </span>
                ),
              },
              {
                title: t('common.actions'), key: 'actions', width: 100, fixed: 'right',
                render: (_, m) => (
                  <Button type="link" size="small" onClick={() => navigate(`/newsroom/manuscripts/${m.id}`)} data-testid="queue-open">
                    {t('queue.open')}
                  </Button>
                ),
              },
            ]}
            data-testid="queue-table"
          />
        </Card>
      ) : null}
    </>
  );
}
