/**
 * 后台任务: the platform's background jobs (the caller's center's and platform-wide
 * ones such as backups), filtered by status and name, paged on the server; a dead
 * job (out of attempts) can be queued again.
 */
import { useState } from 'react';
import { App, Button, Card, Flex, Input, Popconfirm, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Job, JobStatus, Page } from '../../api/types';
import { ErrorAlert } from '../../common/ErrorAlert';
import { errorMessage } from '../../common/errors';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';

interface Query {
  status?: JobStatus;
  name: string;
  page: number;
  pageSize: number;
}

const FIRST_QUERY: Query = { name: '', page: 1, pageSize: 20 };
const STATUSES: JobStatus[] = ['queued', 'running', 'done', 'dead'];
const STATUS_COLOR: Record<JobStatus, string> = { queued: 'default', running: 'processing', done: 'success', dead: 'error' };

export default function JobsPage() {
  const i18n = useI18n();
  const { t, tOr, formatDateTime } = i18n;
  const { message } = App.useApp();
  const [query, setQuery] = useState<Query>(FIRST_QUERY);
  const [nameText, setNameText] = useState('');
  const [retrying, setRetrying] = useState<string | null>(null);
  const list = useAsync(() => api.get<Page<Job>>('/api/jobs', { ...query }), [query]);
  const filtered = Boolean(query.status || query.name);

  async function retry(job: Job) {
    setRetrying(job.id);
    try {
      await api.post<Job>(`/api/jobs/${job.id}/retry`);
      message.success(t('jobs.retried', { name: job.name }));
    } catch (err) {
      message.error(errorMessage(err, i18n));
    } finally {
      setRetrying(null);
      // Also after JOB_NOT_DEAD / JOB_NOT_FOUND: the row is out of date.
      list.reload();
    }
  }

  const statusTag = (status: string) => (
    <Tag color={STATUS_COLOR[status as JobStatus] ?? 'default'}>{tOr(`jobs.status.${status}`, status)}</Tag>
  );

  return (
    <>
      <PageHeader
        title={t('nav.jobs')}
        subtitle={t('jobs.subtitle')}
        extra={<Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>{t('common.refresh')}</Button>}
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder={t('jobs.status')}
            style={{ width: 140 }}
            value={query.status}
            onChange={(status?: JobStatus) => setQuery((q) => ({ ...q, status, page: 1 }))}
            options={STATUSES.map((s) => ({ value: s, label: t(`jobs.status.${s}`) }))}
            data-testid="jobs-status"
          />
          <Input.Search
            allowClear
            placeholder={t('jobs.namePlaceholder')}
            style={{ width: 260 }}
            value={nameText}
            onChange={(e) => setNameText(e.target.value)}
            onSearch={(value) => setQuery((q) => ({ ...q, name: value.trim(), page: 1 }))}
          />
          <Button
            onClick={() => {
              setNameText('');
              setQuery(FIRST_QUERY);
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<Job>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1100 }}
          locale={{ emptyText: filtered ? t('jobs.noMatch') : t('jobs.empty') }}
          onChange={(p) => setQuery((q) => ({ ...q, page: p.pageSize !== q.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? q.pageSize }))}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
          data-testid="jobs-table"
          columns={[
            { title: t('jobs.name'), dataIndex: 'name', key: 'name', width: 180, render: (name: string) => <Typography.Text code>{name}</Typography.Text> },
            { title: t('jobs.status'), dataIndex: 'status', key: 'status', width: 90, render: statusTag },
            {
              title: t('jobs.attempts'), key: 'attempts', width: 90,
              render: (_, j) => <Typography.Text type={j.status === 'dead' ? 'danger' : undefined}>{j.attempts} / {j.maxAttempts}</Typography.Text>,
            },
            { title: t('jobs.runAt'), dataIndex: 'runAt', key: 'runAt', width: 145, render: (v: string) => formatDateTime(v) },
            { title: t('jobs.finishedAt'), dataIndex: 'finishedAt', key: 'finishedAt', width: 145, render: (v: string | null) => formatDateTime(v) },
            {
              title: t('jobs.lastError'), dataIndex: 'lastError', key: 'lastError', ellipsis: { showTitle: false },
              render: (error: string | null) =>
                error ? (
                  <Tooltip title={<span style={{ whiteSpace: 'pre-wrap' }}>{error}</span>} placement="topLeft" styles={{ root: { maxWidth: 560 } }}>
                    {/* The first line (the message) in the cell, cut to its width; all of it in the tooltip. */}
                    <Typography.Text type="danger" style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {error.split('\n', 1)[0]}
                    </Typography.Text>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            { title: t('jobs.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 145, render: (v: string) => formatDateTime(v) },
            {
              title: t('common.actions'), key: 'actions', width: 80, fixed: 'right',
              render: (_, j) =>
                j.status === 'dead' ? (
                  <Popconfirm
                    title={t('jobs.retryConfirm', { name: j.name })}
                    description={t('jobs.retryText')}
                    okText={t('jobs.retry')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => retry(j)}
                  >
                    <Button type="link" size="small" loading={retrying === j.id}>{t('jobs.retry')}</Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
