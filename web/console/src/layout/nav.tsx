/**
 * The console's modules and pages: the left menu and the route table in one list.
 * A page with `permission` (or none of `anyPermission`) is hidden from the menu, and
 * refused, without it. A module with `children` is a submenu; its own address leads
 * to the first of its pages the user may open. A path may hold `:name` segments.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined, AppstoreOutlined, AuditOutlined, BankOutlined, BarChartOutlined, CloudServerOutlined, DashboardOutlined,
  DatabaseOutlined, EditOutlined, EnvironmentOutlined, FileTextOutlined, FormOutlined, GlobalOutlined, NotificationOutlined,
  RadarChartOutlined, SafetyCertificateOutlined, SendOutlined, SettingOutlined, SolutionOutlined, TeamOutlined, UserOutlined,
} from '@ant-design/icons';
import { KeyOutlined, PlusCircleOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { InboxOutlined } from '@ant-design/icons';
import { BellOutlined, BulbOutlined, ClusterOutlined, FileSearchOutlined, PictureOutlined, ProjectOutlined, SearchOutlined } from '@ant-design/icons';
import { matchPath } from '../app/router';
import type { MessageKey } from '../i18n';

export interface NavPage {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Needed to see the page; absent: every logged-in user. */
  permission?: string;
  /** At least one of these is needed too (review queues: any review level). */
  anyPermission?: string[];
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
  /** The module's own pages (a submenu). */
  children?: NavPage[];
  /** Not a menu entry (a page opened from another, like the manuscript editor). */
  hidden?: true;
  /** For hidden pages: the menu entry to highlight. */
  menuKey?: string;
}

export interface NavGroup {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  children: NavPage[];
}

const WRITE = 'newsroom.manuscripts.write';
const ManuscriptEditorPage = lazy(() => import('../pages/newsroom/editor/ManuscriptEditorPage'));
/** One component for the board and for a plan opened on it (/newsroom/plans/:id), so the board stays as it is. */
const PlansPage = lazy(() => import('../pages/newsroom/plans/PlansPage'));

/** 策采编审: story plans, manuscripts and their editor, full-text search, the media library, review queues, columns, safety rules. */
export const NEWSROOM_PAGES: NavPage[] = [
  { path: '/newsroom/plans', label: 'nav.plans', icon: <BulbOutlined />, permission: 'newsroom.plans.propose', component: PlansPage },
  { path: '/newsroom/plans/:id', label: 'nav.plan', icon: <ProjectOutlined />, permission: 'newsroom.plans.propose', component: PlansPage, hidden: true, menuKey: '/newsroom/plans' },
  { path: '/newsroom/manuscripts', label: 'nav.manuscripts', icon: <FileTextOutlined />, permission: WRITE, component: lazy(() => import('../pages/newsroom/ManuscriptsPage')) },
  { path: '/newsroom/manuscripts/:id', label: 'nav.manuscriptEditor', icon: <FormOutlined />, permission: WRITE, component: ManuscriptEditorPage, hidden: true, menuKey: '/newsroom/manuscripts' },
  { path: '/newsroom/search', label: 'nav.search', icon: <SearchOutlined />, permission: WRITE, component: lazy(() => import('../pages/newsroom/SearchPage')) },
  { path: '/newsroom/media', label: 'nav.media', icon: <PictureOutlined />, permission: 'media.read', component: lazy(() => import('../pages/newsroom/media/MediaPage')) },
  {
    path: '/newsroom/review', label: 'nav.reviewQueues', icon: <SolutionOutlined />, permission: WRITE,
    anyPermission: ['newsroom.review.level1', 'newsroom.review.level2', 'newsroom.review.level3'],
    component: lazy(() => import('../pages/newsroom/ReviewQueuesPage')),
  },
  { path: '/newsroom/columns', label: 'nav.columns', icon: <AppstoreOutlined />, permission: WRITE, component: lazy(() => import('../pages/newsroom/ColumnsPage')) },
  // Every writer reads the rules (GET /api/safety/rules); newsroom.safety.manage changes them.
  { path: '/newsroom/safety', label: 'nav.safetyRules', icon: <FileSearchOutlined />, permission: WRITE, component: lazy(() => import('../pages/newsroom/safety/SafetyRulesPage')) },
];

/** The user's own pages, reached from the header (not menu entries). */
export const PERSONAL_PAGES: NavPage[] = [
  { path: '/notifications', label: 'nav.notifications', icon: <BellOutlined />, component: lazy(() => import('../pages/notifications/NotificationsPage')), hidden: true },
];

const EB_READ = 'eb.broadcast.read';

/** 应急广播: broadcasts (list, authoring, one broadcast with its approval and one-click cancel), the resource registry, signing keys. */
export const EMERGENCY_PAGES: NavPage[] = [
  { path: '/emergency/broadcasts', label: 'nav.ebBroadcasts', icon: <UnorderedListOutlined />, permission: EB_READ, component: lazy(() => import('../pages/emergency/BroadcastsPage')) },
  { path: '/emergency/broadcasts/new', label: 'nav.ebNew', icon: <PlusCircleOutlined />, permission: 'eb.broadcast.author', component: lazy(() => import('../pages/emergency/NewBroadcastPage')) },
  { path: '/emergency/broadcasts/:id', label: 'nav.ebDetail', icon: <NotificationOutlined />, permission: EB_READ, component: lazy(() => import('../pages/emergency/BroadcastDetailPage')), hidden: true, menuKey: '/emergency/broadcasts' },
  { path: '/emergency/registry', label: 'nav.ebRegistry', icon: <ClusterOutlined />, permission: 'eb.registry.read', component: lazy(() => import('../pages/emergency/registry/RegistryPage')) },
  { path: '/emergency/inbound', label: 'nav.ebInbound', icon: <InboxOutlined />, permission: EB_READ, component: lazy(() => import('../pages/emergency/InboundPage')) },
  { path: '/emergency/keys', label: 'nav.ebKeys', icon: <KeyOutlined />, permission: EB_READ, component: lazy(() => import('../pages/emergency/KeysPage')) },
  { path: '/emergency/grants', label: 'nav.ebGrants', icon: <SolutionOutlined />, permission: EB_READ, component: lazy(() => import('../pages/emergency/GrantsPage')) },
];

export const MODULE_PAGES: NavPage[] = [
  { path: '/', label: 'nav.dashboard', icon: <DashboardOutlined />, component: lazy(() => import('../pages/dashboard/DashboardPage')) },
  { path: '/newsroom', label: 'nav.newsroom', icon: <EditOutlined />, description: 'newsroom.moduleDesc', children: NEWSROOM_PAGES },
  { path: '/publishing', label: 'nav.publishing', icon: <SendOutlined />, description: 'soon.publishing' },
  { path: '/portal', label: 'nav.portal', icon: <GlobalOutlined />, description: 'soon.portal' },
  { path: '/emergency', label: 'nav.emergency', icon: <NotificationOutlined />, description: 'eb.moduleDesc', children: EMERGENCY_PAGES },
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
export const ALL_PAGES: NavPage[] = [...MODULE_PAGES, ...MODULE_PAGES.flatMap((p) => p.children ?? []), ...SYSTEM_GROUP.children, ...PERSONAL_PAGES];

/** The page at `path` (trailing slash ignored; fixed paths before patterns), or undefined for an unknown address. */
export function findPage(path: string): NavPage | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ALL_PAGES.find((page) => page.path === normalized) ?? ALL_PAGES.find((page) => page.path.includes(':') && matchPath(page.path, normalized));
}

/** Whether a user with `can` may open `page` (a module: one of its pages). */
export function mayOpen(page: NavPage, can: (permission: string) => boolean): boolean {
  if (page.permission && !can(page.permission)) return false;
  if (page.anyPermission && !page.anyPermission.some(can)) return false;
  if (page.children) return page.children.some((child) => !child.hidden && mayOpen(child, can));
  return true;
}
