/** 部门: the center's departments (Lechang has seven), with create, edit and delete. */
import { useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Department, Items } from '../../api/types';
import { ErrorAlert } from '../../common/ErrorAlert';
import { errorMessage } from '../../common/errors';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { DepartmentFormModal } from './DepartmentFormModal';

export default function DepartmentsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const list = useAsync(() => api.get<Items<Department>>('/api/departments').then((r) => r.items), []);
  const [editing, setEditing] = useState<Department | null | undefined>(undefined);

  async function remove(department: Department) {
    try {
      await api.del(`/api/departments/${department.id}`);
      message.success(t('departments.deleted', { name: department.name }));
      list.reload();
    } catch (err) {
      message.error(errorMessage(err, i18n));
    }
  }

  const rows = [...(list.data ?? [])].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
  return (
    <>
      <PageHeader
        title={t('nav.departments')}
        subtitle={t('departments.subtitle')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>{t('departments.create')}</Button>}
      />
      <Card>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<Department>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('departments.empty') }}
          columns={[
            { title: t('departments.name'), dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
            { title: t('departments.code'), dataIndex: 'code', key: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
            { title: t('departments.sort'), dataIndex: 'sort', key: 'sort', width: 100 },
            { title: t('departments.userCount'), dataIndex: 'userCount', key: 'userCount', width: 100 },
            {
              title: t('common.actions'), key: 'actions', width: 150,
              render: (_, d) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(d)}>{t('common.edit')}</Button>
                  <Popconfirm
                    title={t('departments.deleteConfirm', { name: d.name })}
                    description={d.userCount ? t('departments.deleteInUse', { count: d.userCount }) : undefined}
                    okText={t('common.delete')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => remove(d)}
                  >
                    <Button type="link" size="small" danger>{t('common.delete')}</Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <DepartmentFormModal
        open={editing !== undefined}
        department={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
    </>
  );
}
