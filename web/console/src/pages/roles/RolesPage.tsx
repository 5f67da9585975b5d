/** 角色与权限: the center's roles with their permissions; custom roles can be created, edited, deleted. */
import { useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Items, Role } from '../../api/types';
import { ErrorAlert } from '../../common/ErrorAlert';
import { errorMessage } from '../../common/errors';
import { usePermissions } from '../../common/lookups';
import { PageHeader } from '../../common/PageHeader';
import { roleName } from '../../common/roleNames';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { PermissionTags } from './permissions';
import { RoleFormDrawer } from './RoleFormDrawer';

export default function RolesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const list = useAsync(() => api.get<Items<Role>>('/api/roles').then((r) => r.items), []);
  const permissions = usePermissions();
  const [editing, setEditing] = useState<Role | null | undefined>(undefined);

  async function remove(role: Role) {
    try {
      await api.del(`/api/roles/${role.id}`);
      message.success(t('roles.deleted', { name: roleName(role, i18n.lang) }));
      list.reload();
    } catch (err) {
      message.error(errorMessage(err, i18n));
    }
  }

  return (
    <>
      <PageHeader
        title={t('nav.roles')}
        subtitle={t('roles.subtitle')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>{t('roles.create')}</Button>}
      />
      <Card>
        <ErrorAlert error={list.error ?? permissions.error} onRetry={() => { list.reload(); permissions.reload(); }} />
        <Table<Role>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: t('roles.empty') }}
          expandable={{ expandedRowRender: (role) => <PermissionTags keys={role.permissions} permissions={permissions.data ?? []} /> }}
          columns={[
            {
              title: t('roles.name'), key: 'name',
              render: (_, role) => (
                <Space>
                  <Typography.Text strong>{roleName(role, i18n.lang)}</Typography.Text>
                  {role.builtin ? <Tag>{t('roles.builtin')}</Tag> : <Tag color="purple">{t('roles.custom')}</Tag>}
                </Space>
              ),
            },
            { title: t('roles.code'), dataIndex: 'code', key: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
            { title: t('roles.description'), dataIndex: 'description', key: 'description', ellipsis: true, render: (d: string | null) => d || '—' },
            { title: t('roles.permissionCount'), key: 'permissions', width: 110, render: (_, role) => role.permissions.length },
            { title: t('roles.userCount'), dataIndex: 'userCount', key: 'userCount', width: 100 },
            {
              title: t('common.actions'), key: 'actions', width: 150,
              render: (_, role) =>
                role.builtin ? (
                  <Button type="link" size="small" onClick={() => setEditing(role)}>{t('common.view')}</Button>
                ) : (
                  <Space size={0}>
                    <Button type="link" size="small" onClick={() => setEditing(role)}>{t('common.edit')}</Button>
                    <Popconfirm
                      title={t('roles.deleteConfirm', { name: roleName(role, i18n.lang) })}
                      description={role.userCount ? t('roles.deleteInUse', { count: role.userCount }) : undefined}
                      okText={t('common.delete')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove(role)}
                    >
                      <Button type="link" size="small" danger>{t('common.delete')}</Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <RoleFormDrawer
        open={editing !== undefined}
        role={editing ?? null}
        permissions={permissions.data ?? []}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
    </>
  );
}
