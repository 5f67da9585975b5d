/** 栏目: the columns every writer picks from; staff allowed to manage them create and edit. */
import { useState } from 'react';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { NewsColumn } from '../../api/types';
import { useCurrentSession } from '../../app/session';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useI18n } from '../../i18n';
import { ColumnFormModal } from './ColumnFormModal';
import { levelLabel, useColumns } from './shared';

export default function ColumnsPage() {
  const { t } = useI18n();
  const { can } = useCurrentSession();
  const canManage = can('newsroom.columns.manage');
  const list = useColumns();
  const [editing, setEditing] = useState<NewsColumn | null | undefined>(undefined);

  return (
    <>
      <PageHeader
        title={t('nav.columns')}
        subtitle={t('columns.subtitle')}
        extra={canManage ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="new-column">{t('columns.create')}</Button> : null}
      />
      {canManage ? null : <Alert type="info" showIcon title={t('columns.readOnly')} style={{ marginBottom: 16 }} />}
      <Card>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<NewsColumn>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: t('columns.empty') }}
          data-testid="columns-table"
          columns={[
            { title: t('columns.name'), dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
            { title: t('columns.code'), dataIndex: 'code', key: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
            {
              title: t('columns.reviewLevels'), dataIndex: 'reviewLevels', key: 'reviewLevels',
              render: (n: number) => (
                <Space size={4}>
                  {[1, 2, 3].filter((l) => l <= n).map((l) => <Tag key={l} color={l === n ? 'green' : 'blue'} style={{ marginInlineEnd: 0 }}>{levelLabel(t, l)}</Tag>)}
                </Space>
              ),
            },
            { title: t('columns.sort'), dataIndex: 'sort', key: 'sort', width: 100 },
            ...(canManage
              ? [{
                  title: t('common.actions'), key: 'actions', width: 100,
                  render: (_: unknown, c: NewsColumn) => <Button type="link" size="small" onClick={() => setEditing(c)}>{t('common.edit')}</Button>,
                }]
              : []),
          ]}
        />
      </Card>
      <ColumnFormModal
        open={editing !== undefined}
        column={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
    </>
  );
}
