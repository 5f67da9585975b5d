/**
 * The logged-in frame: the module menu on the left (entries the user may not open are
 * hidden), the header, and the page for the current address.
 */
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Flex, Layout, Menu, Spin, Typography, type MenuProps } from 'antd';
import { navigate, usePath } from '../app/router';
import { useCurrentSession } from '../app/session';
import { Forbidden } from '../common/Forbidden';
import { useI18n } from '../i18n';
import { ComingSoonPage } from '../pages/coming-soon/ComingSoonPage';
import { NotFoundPage } from '../pages/coming-soon/NotFoundPage';
import { HeaderBar } from './HeaderBar';
import { findPage, mayOpen, MODULE_PAGES, SYSTEM_GROUP, type NavPage } from './nav';

const COLLAPSED_KEY = 'rongmei.menuCollapsed';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function Shell() {
  const { t } = useI18n();
  const path = usePath();
  const { can } = useCurrentSession();
  const [collapsed, setCollapsed] = useState(() => window.localStorage.getItem(COLLAPSED_KEY) === '1');
  const page = findPage(path);

  const visible = (p: NavPage) => mayOpen(p, can);
  const items = useMemo<MenuProps['items']>(() => {
    const entry = (p: NavPage): NonNullable<MenuProps['items']>[number] =>
      p.children
        ? { key: p.path, icon: p.icon, label: t(p.label), children: p.children.filter((c) => !c.hidden && visible(c)).map(entry) }
        : { key: p.path, icon: p.icon, label: t(p.label) };
    const system = SYSTEM_GROUP.children.filter(visible);
    const administers = system.some((p) => p.showsSystemMenu !== false);
    return [
      ...MODULE_PAGES.filter(visible).map(entry),
      ...(administers ? [{ key: SYSTEM_GROUP.key, icon: SYSTEM_GROUP.icon, label: t(SYSTEM_GROUP.label), children: system.map(entry) }] : []),
    ];
    // `visible` depends only on `can`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t, can]);

  useEffect(() => {
    document.title = page ? `${t(page.label)} · ${t('app.name')}` : t('app.name');
  }, [page, t]);

  function toggle() {
    setCollapsed((c) => {
      window.localStorage.setItem(COLLAPSED_KEY, c ? '0' : '1');
      return !c;
    });
  }

  const inSystem = SYSTEM_GROUP.children.some((p) => p.path === page?.path);
  const groups = MODULE_PAGES.filter((p) => p.children).map((p) => p.path);
  const inGroup = MODULE_PAGES.find((p) => p.children?.some((c) => c.path === page?.path))?.path;
  // A module with pages of its own opens its first page the user may see.
  const firstChild = page?.children?.find((c) => !c.hidden && visible(c));
  let content;
  if (!page) content = <NotFoundPage />;
  else if (!visible(page)) content = <Forbidden />;
  else if (firstChild) content = <Redirect to={firstChild.path} />;
  else if (!page.component) content = <ComingSoonPage page={page} />;
  else content = <page.component />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={240} theme="dark" style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
        <Flex align="center" gap={10} style={{ height: 56, padding: collapsed ? '0 24px' : '0 20px', cursor: 'pointer' }} onClick={() => navigate('/')}>
          <div style={{ width: 30, height: 30, borderRadius: 6, background: '#c2410c', color: '#fff', display: 'grid', placeItems: 'center', fontWeight: 700, flex: 'none' }}>融</div>
          {collapsed ? null : (
            <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Typography.Text>
          )}
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={page ? [page.menuKey ?? page.path] : []}
          defaultOpenKeys={!collapsed ? [...groups, SYSTEM_GROUP.key] : [...(inSystem ? [SYSTEM_GROUP.key] : []), ...(inGroup ? [inGroup] : [])]}
          onClick={({ key }) => navigate(key)}
          style={{ background: 'transparent', borderInlineEnd: 'none' }}
          data-testid="main-nav"
        />
      </Layout.Sider>
      <Layout>
        <HeaderBar collapsed={collapsed} onToggle={toggle} />
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <Suspense fallback={<Flex justify="center" style={{ padding: 80 }}><Spin size="large" /></Flex>}>{content}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
