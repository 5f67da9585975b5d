/**
 * The console's modules and pages: the left menu and the route table in one list.
 * A page with `permission` is hidden from the menu, and refused, without it.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined, AuditOutlined, BankOutlined, BarChartOutlined, CloudServerOutlined, DashboardOutlined,
  DatabaseOutlined, EditOutlined, EnvironmentOutlined, GlobalOutlined, NotificationOutlined, RadarChartOutlined,
  SafetyCertificateOutlined, SendOutlined, SettingOutlined, TeamOutlined, UserOutlined,
} from '@ant-design/icons';
import type { MessageKey } from '../i18n';

export interface NavPage {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Needed to see the page; absent: every logged-in user. */
  permission?: string;
  /** The page itself; absent: a "coming soon" page for a module not yet built. */
  component?: LazyExoticComponent<ComponentType>;
  /** For coming-soon modules: one line on what the module will do. */
  description?: MessageKey;
  /**
   * false: reference data many roles may read (areas). Reading it alone does not make
   * someone an administrator, so it does not by itself show the System menu; such
   * users meet areas inside the modules that target them.
   */
  showsSystemMenu?: false;
}

export interface NavGroup {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  children: NavPage[];
}

export const MODULE_PAGES: NavPage[] = [
  { path: '/', label: 'nav.dashboard', icon: <DashboardOutlined />, component: lazy(() => import('../pages/dashboard/DashboardPage')) },
  { path: '/newsroom', label: 'nav.newsroom', icon: <EditOutlined />, description: 'soon.newsroom' },
  { path: '/publishing', label: 'nav.publishing', icon: <SendOutlined />, description: 'soon.publishing' },
  { path: '/portal', label: 'nav.portal', icon: <GlobalOutlined />, description: 'soon.portal' },
  { path: '/emergency', label: 'nav.emergency', icon: <NotificationOutlined />, description: 'soon.emergency' },
  { path: '/safe-broadcast', label: 'nav.safeBroadcast', icon: <SafetyCertificateOutlined />, description: 'soon.safeBroadcast' },
  { path: '/opinion', label: 'nav.opinion', icon: <RadarChartOutlined />, description: 'soon.opinion' },
  { path: '/performance', label: 'nav.performance', icon: <BarChartOutlined />, description: 'soon.performance' },
];

export const SYSTEM_GROUP: NavGroup = {
  key: 'system',
  label: 'nav.system',
  icon: <SettingOutlined />,
  children: [
    { path: '/system/users', label: 'nav.users', icon: <UserOutlined />, permission: 'identity.users.read', component: lazy(() => import('../pages/users/UsersPage')) },
    { path: '/system/roles', label: 'nav.roles', icon: <TeamOutlined />, permission: 'identity.roles.manage', component: lazy(() => import('../pages/roles/RolesPage')) },
    { path: '/system/departments', label: 'nav.departments', icon: <ApartmentOutlined />, permission: 'identity.departments.manage', component: lazy(() => import('../pages/departments/DepartmentsPage')) },
    { path: '/system/resident-accounts', label: 'nav.residentAccounts', icon: <BankOutlined />, permission: 'identity.resident_accounts.manage', component: lazy(() => import('../pages/resident-accounts/ResidentAccountsPage')) },
    { path: '/system/areas', label: 'nav.areas', icon: <EnvironmentOutlined />, permission: 'identity.areas.read', showsSystemMenu: false, component: lazy(() => import('../pages/areas/AreasPage')) },
    { path: '/system/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read', component: lazy(() => import('../pages/audit/AuditPage')) },
    { path: '/system/jobs', label: 'nav.jobs', icon: <CloudServerOutlined />, permission: 'system.jobs.manage', component: lazy(() => import('../pages/jobs/JobsPage')) },
    { path: '/system/backups', label: 'nav.backups', icon: <DatabaseOutlined />, permission: 'system.backups.read', component: lazy(() => import('../pages/backups/BackupsPage')) },
  ],
};

/** Every page, for route matching. */
export const ALL_PAGES: NavPage[] = [...MODULE_PAGES, ...SYSTEM_GROUP.children];

/** The page at `path` (trailing slash ignored), or undefined for an unknown address. */
export function findPage(path: string): NavPage | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ALL_PAGES.find((page) => page.path === normalized);
}
