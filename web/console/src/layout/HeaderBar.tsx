/** The top bar: the center's name, the notification bell, the language switch, and the user's own menu. */
import { useState } from 'react';
import { Avatar, Button, Dropdown, Flex, Layout, Typography } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { useCurrentSession, useSession } from '../app/session';
import { useI18n } from '../i18n';
import { ChangePasswordModal } from './ChangePasswordModal';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';

export function HeaderBar({ collapsed, onToggle }: { collapsed: boolean; onToggle(): void }) {
  const { t } = useI18n();
  const { user, center } = useCurrentSession();
  const { logout } = useSession();
  const [passwordOpen, setPasswordOpen] = useState(false);

  return (
    <Layout.Header style={{ background: '#fff', padding: '0 16px 0 8px', borderBottom: '1px solid #f0f0f0', height: 56, lineHeight: '56px' }}>
      <Flex justify="space-between" align="center" style={{ height: '100%' }}>
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <Button
            type="text"
            aria-label={collapsed ? t('header.expandMenu') : t('header.collapseMenu')}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={onToggle}
          />
          <Typography.Text strong ellipsis style={{ fontSize: 16 }} data-testid="center-name">
            {center.name}
          </Typography.Text>
        </Flex>
        <Flex align="center" gap={16}>
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword'), onClick: () => setPasswordOpen(true) },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true, onClick: () => void logout() },
              ],
            }}
          >
            <Button type="text" data-testid="user-menu" style={{ height: 40 }}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c2410c' }} />
              <span>{user.displayName}</span>
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Flex>
      </Flex>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout.Header>
  );
}
