/** 工作台: a welcome with the center and the user's roles, and the center's counts. */
import { Card, Col, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { ApartmentOutlined, BankOutlined, EnvironmentOutlined, UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { api } from '../../api/client';
import type { Overview } from '../../api/types';
import { navigate } from '../../app/router';
import { useCurrentSession } from '../../app/session';
import { ErrorAlert } from '../../common/ErrorAlert';
import { roleNameOf } from '../../common/roleNames';
import { useAsync } from '../../common/useAsync';
import { useI18n, type MessageKey } from '../../i18n';
import { ModuleGrid } from './ModuleGrid';

interface Counter {
  key: keyof Overview;
  label: MessageKey;
  icon: ReactNode;
  path: string;
  permission: string;
}

const COUNTERS: Counter[] = [
  { key: 'users', label: 'dashboard.users', icon: <UserOutlined />, path: '/system/users', permission: 'identity.users.read' },
  { key: 'departments', label: 'dashboard.departments', icon: <ApartmentOutlined />, path: '/system/departments', permission: 'identity.departments.manage' },
  { key: 'residentAccounts', label: 'dashboard.residentAccounts', icon: <BankOutlined />, path: '/system/resident-accounts', permission: 'identity.resident_accounts.manage' },
  { key: 'areas', label: 'dashboard.areas', icon: <EnvironmentOutlined />, path: '/system/areas', permission: 'identity.areas.read' },
];

export default function DashboardPage() {
  const { t, lang } = useI18n();
  const { user, center, roleLabels, can } = useCurrentSession();
  const overview = useAsync(() => api.get<Overview>('/api/overview'), []);
  // The session carries the names of the user's own roles: no need to be allowed to list roles.
  const roleName = (code: string) => roleNameOf(code, roleLabels ?? [], lang);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card data-testid="welcome-card">
        <Typography.Text type="secondary">{center.name}</Typography.Text>
        <Typography.Title level={3} style={{ margin: '4px 0 12px' }}>
          {t('dashboard.welcome', { name: user.displayName })}
        </Typography.Title>
        <Space wrap size={[4, 8]}>
          <Typography.Text type="secondary">{t('dashboard.yourRoles')}</Typography.Text>
          {user.roles.length ? (
            user.roles.map((code) => (
              <Tag color="blue" key={code}>
                {roleName(code)}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">{t('dashboard.noRoles')}</Typography.Text>
          )}
          {user.department ? (
            <>
              <Typography.Text type="secondary" style={{ marginLeft: 12 }}>{t('users.department')}</Typography.Text>
              <Tag>{user.department.name}</Tag>
            </>
          ) : null}
        </Space>
      </Card>
      <ErrorAlert error={overview.error} onRetry={overview.reload} />
      <Row gutter={[16, 16]}>
        {COUNTERS.map((counter) => {
          const linked = can(counter.permission);
          return (
            <Col xs={24} sm={12} xl={6} key={counter.key}>
              <Card hoverable={linked} onClick={linked ? () => navigate(counter.path) : undefined} data-testid={`count-${counter.key}`}>
                {overview.loading && !overview.data ? (
                  <Skeleton active paragraph={false} />
                ) : (
                  <Statistic title={t(counter.label)} value={overview.data?.[counter.key] ?? '—'} prefix={counter.icon} />
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      <ModuleGrid />
    </Space>
  );
}
