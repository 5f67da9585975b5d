/**
 * 用户: search, filter, sort and page through the center's users (on the server),
 * create and edit them, disable/enable, unlock, and reset a password.
 */
import { useState } from 'react';
import { App, Button, Card, Flex, Input, Select, Table } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Page, User, UserStatus } from '../../api/types';
import { useCurrentSession } from '../../app/session';
import { ErrorAlert } from '../../common/ErrorAlert';
import { errorMessage } from '../../common/errors';
import { useDepartments, useResidentAccounts, useRoles } from '../../common/lookups';
import { PageHeader } from '../../common/PageHeader';
import { roleName } from '../../common/roleNames';
import { useListQuery } from '../../common/useListQuery';
import { useI18n } from '../../i18n';
import { ResetPasswordModal } from './ResetPasswordModal';
import { userColumns, type UserAction } from './userColumns';
import { UserFormDrawer } from './UserFormDrawer';

interface Filters {
  q: string;
  status?: UserStatus;
  role?: string;
  departmentId?: string;
}

const NO_FILTERS: Filters = { q: '', status: undefined, role: undefined, departmentId: undefined };

export default function UsersPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { modal, message } = App.useApp();
  const { user: me, can } = useCurrentSession();
  const canManage = can('identity.users.manage');
  const [editing, setEditing] = useState<User | null | undefined>(undefined); // undefined: drawer closed
  const [resetting, setResetting] = useState<User | null>(null);

  const { query, list, filtered, filter, reset, search, table } = useListQuery<Filters, User>({
    filters: NO_FILTERS,
    sort: 'username',
    pageSize: 20,
    load: (q) => api.get<Page<User>>('/api/users', { ...q }),
  });
  const roles = useRoles();
  const departments = useDepartments();
  const residentAccounts = useResidentAccounts(canManage);

  async function run(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      message.success(done);
      list.reload();
    } catch (err) {
      message.error(errorMessage(err, i18n));
    }
  }

  function onAction(action: UserAction, user: User) {
    const name = user.displayName;
    if (action === 'edit') setEditing(user);
    else if (action === 'resetPassword') setResetting(user);
    else if (action === 'enable') void run(() => api.patch(`/api/users/${user.id}`, { status: 'active' }), t('users.enabled', { name }));
    else if (action === 'unlock') void run(() => api.post(`/api/users/${user.id}/unlock`), t('users.unlocked', { name }));
    else if (action === 'disable') {
      modal.confirm({
        title: t('users.disableConfirmTitle', { name }),
        content: t('users.disableConfirmText'),
        okText: t('users.disable'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: () => run(() => api.patch(`/api/users/${user.id}`, { status: 'disabled' }), t('users.disabled', { name })),
      });
    }
  }

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        subtitle={t('users.subtitle')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            style={{ width: 260 }}
            {...search}
            data-testid="users-search"
          />
          <Select
            allowClear
            placeholder={t('users.status')}
            style={{ width: 120 }}
            value={query.status}
            onChange={(status?: UserStatus) => filter({ status })}
            options={[
              { value: 'active', label: t('users.status.active') },
              { value: 'disabled', label: t('users.status.disabled') },
            ]}
          />
          <Select
            allowClear
            placeholder={t('users.role')}
            style={{ width: 160 }}
            value={query.role}
            onChange={(role?: string) => filter({ role })}
            options={(roles.data ?? []).map((r) => ({ value: r.code, label: roleName(r, i18n.lang) }))}
            notFoundContent={t('common.none')}
          />
          <Select
            allowClear
            placeholder={t('users.department')}
            style={{ width: 160 }}
            value={query.departmentId}
            onChange={(departmentId?: string) => filter({ departmentId })}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            notFoundContent={t('common.none')}
          />
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('common.reset')}
          </Button>
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<User>
          rowKey="id"
          size="middle"
          {...table}
          columns={userColumns({ i18n, roles: roles.data ?? [], sort: query.sort, canManage, currentUserId: me.id, onAction })}
          scroll={{ x: 1000 }}
          locale={{ emptyText: filtered ? t('users.noMatch') : t('users.empty') }}
          data-testid="users-table"
        />
      </Card>
      <UserFormDrawer
        open={editing !== undefined}
        user={editing ?? null}
        roles={roles.data ?? []}
        departments={departments.data ?? []}
        residentAccounts={residentAccounts.data ?? []}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
