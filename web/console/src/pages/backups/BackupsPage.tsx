/**
 * 数据备份: the database backups in the data directory, newest first. Backups are
 * taken by the scheduler (BACKUP_CRON, weekly by default) or by `rongmei backup`;
 * restoring is done on the server, not here.
 */
import { Button, Card, Empty, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Backup, Items } from '../../api/types';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { formatBytes } from './formatBytes';

export default function BackupsPage() {
  const { t, formatDateTime } = useI18n();
  const list = useAsync(() => api.get<Items<Backup>>('/api/backups').then((r) => r.items), []);

  return (
    <>
      <PageHeader
        title={t('nav.backups')}
        subtitle={t('backups.subtitle')}
        extra={<Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>{t('common.refresh')}</Button>}
      />
      <Card>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<Backup>
          rowKey="name"
          size="middle"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          data-testid="backups-table"
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  <div data-testid="backups-empty" style={{ maxWidth: 520, margin: '0 auto' }}>
                    <Typography.Text strong>{t('backups.empty')}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary">{t('backups.emptyText')}</Typography.Text>
                  </div>
                }
              />
            ),
          }}
          columns={[
            { title: t('backups.name'), dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text code copyable={{ text: name }}>{name}</Typography.Text> },
            { title: t('backups.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
            { title: t('backups.engine'), dataIndex: 'engine', key: 'engine', width: 120, render: (engine: string) => <Tag>{engine}</Tag> },
            {
              title: t('backups.size'), dataIndex: 'bytes', key: 'bytes', width: 120, align: 'right',
              render: (bytes: number) => <Tooltip title={`${bytes.toLocaleString()} B`}>{formatBytes(bytes)}</Tooltip>,
            },
            {
              title: <Tooltip title={t('backups.verifiedHelp')}>{t('backups.verified')}</Tooltip>, dataIndex: 'verified', key: 'verified', width: 130,
              render: (verified: boolean) =>
                verified ? <Tag color="green" icon={<CheckCircleOutlined />}>{t('backups.verified.yes')}</Tag> : <Tag color="orange">{t('backups.verified.no')}</Tag>,
            },
          ]}
        />
      </Card>
    </>
  );
}
