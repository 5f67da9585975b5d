/** The users table's columns, with the row actions (edit, disable/enable, unlock, reset password). */
import { Button, Dropdown, Space, Tag, Tooltip, Typography } from 'antd';
import { DownOutlined } from '@ant-design/icons';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import type { Role, User } from '../../api/types';
import { roleNameOf } from '../../common/roleNames';
import type { I18n } from '../../i18n';

export type UserAction = 'edit' | 'disable' | 'enable' | 'unlock' | 'resetPassword';

export function isLocked(user: User, now = Date.now()): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
}

/** `sort` is the API's form (`-createdAt`); antd wants an order per column. */
function orderOf(sort: string, field: string): SortOrder {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

interface Options {
  i18n: I18n;
  roles: Role[];
  sort: string;
  canManage: boolean;
  currentUserId: string;
  onAction(action: UserAction, user: User): void;
}

export function userColumns({ i18n, roles, sort, canManage, currentUserId, onAction }: Options): ColumnsType<User> {
  const { t, formatDateTime } = i18n;
  const roleName = (code: string) => roleNameOf(code, roles, i18n.lang);
  const columns: ColumnsType<User> = [
    {
      title: t('users.username'), dataIndex: 'username', key: 'username', sorter: true, sortOrder: orderOf(sort, 'username'),
      render: (username: string) => <Typography.Text strong>{username}</Typography.Text>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName', sorter: true, sortOrder: orderOf(sort, 'displayName') },
    { title: t('users.department'), key: 'department', render: (_, u) => u.department?.name ?? <Typography.Text type="secondary">—</Typography.Text> },
    {
      // English role names are long ("Emergency broadcast approver"): room, and wrapping inside a tag.
      title: t('users.roles'), key: 'roles', width: 200,
      render: (_, u) =>
        u.roles.length ? (
          <Space size={[0, 4]} wrap>
            {u.roles.map((code) => <Tag key={code} color="blue" style={{ whiteSpace: 'normal' }}>{roleName(code)}</Tag>)}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('users.status'), key: 'status',
      render: (_, u) => (
        <Space size={4}>
          {u.status === 'active' ? <Tag color="green">{t('users.status.active')}</Tag> : <Tag color="red">{t('users.status.disabled')}</Tag>}
          {isLocked(u) ? (
            <Tooltip title={t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}>
              <Tag color="orange">{t('users.locked')}</Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    { title: t('users.lastLoginAt'), dataIndex: 'lastLoginAt', key: 'lastLoginAt', width: 150, render: (v: string | null) => formatDateTime(v) },
    { title: t('users.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150, sorter: true, sortOrder: orderOf(sort, 'createdAt'), render: (v: string) => formatDateTime(v) },
  ];
  if (!canManage) return columns;
  columns.push({
    title: t('common.actions'), key: 'actions', fixed: 'right', width: 150,
    render: (_, u) => {
      const self = u.id === currentUserId;
      return (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => onAction('edit', u)}>{t('common.edit')}</Button>
          <Dropdown
            trigger={['click']}
            menu={{
              onClick: ({ key }) => onAction(key as UserAction, u),
              items: [
                u.status === 'active'
                  ? { key: 'disable', label: t('users.disable'), danger: true, disabled: self }
                  : { key: 'enable', label: t('users.enable') },
                { key: 'unlock', label: t('users.unlock'), disabled: !isLocked(u) },
                { key: 'resetPassword', label: t('users.resetPassword'), danger: true },
              ],
            }}
          >
            <Button type="link" size="small" data-testid={`user-more-${u.username}`}>
              {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Space>
      );
    },
  });
  return columns;
}
