/**
 * 授权管理: broadcast rights by level (GD/J 088). Towns and villages broadcast only inside
 * their own area and only with a right the county grants. Everyone who reads broadcasts
 * sees the grants and, when bound to an area, what they may send; county-level holders
 * of eb.grants.manage grant and revoke rights and bind operators to their town or village.
 */
import { Alert, Card, Tabs } from 'antd';
import { api } from '../../api/client';
import type { EbMyScope } from '../../api/types';
import { useCurrentSession } from '../../app/session';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { EB_GRANTS, GrantsTab } from './grants/GrantsTab';
import { OperatorsTab } from './grants/OperatorsTab';

function MyScopeAlert({ me }: { me: EbMyScope | undefined }) {
  const { t } = useI18n();
  if (!me) return null;
  if (me.countyLevel) return <Alert type="info" showIcon title={t('eb.grants.meCounty')} style={{ marginBottom: 16 }} data-testid="eb-my-scope" />;
  const areas = me.areas.map((a) => a.areaName).join('、');
  return (
    <Alert
      type={me.areas.length ? 'success' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="eb-my-scope"
      title={t('eb.grants.meScoped', { area: me.scope?.areaName ?? '' })}
      description={me.areas.length ? t('eb.grants.meAreas', { areas }) : t('eb.grants.meNone')}
    />
  );
}

export default function GrantsPage() {
  const { t } = useI18n();
  const { can } = useCurrentSession();
  const me = useAsync(() => api.get<EbMyScope>('/api/eb/me/scope'), []);
  // A scoped manager is refused by the server; the tabs only offer what may work.
  const manage = can(EB_GRANTS) && me.data?.countyLevel === true;

  return (
    <>
      <PageHeader title={t('nav.ebGrants')} subtitle={t('eb.grants.subtitle')} />
      <MyScopeAlert me={me.data} />
      <Card>
        <Tabs
          items={[
            { key: 'grants', label: t('eb.grants.tabGrants'), children: <GrantsTab manage={manage} onChanged={me.reload} /> },
            ...(manage ? [{ key: 'operators', label: t('eb.grants.tabOperators'), children: <OperatorsTab /> }] : []),
          ]}
        />
      </Card>
    </>
  );
}
