/**
 * The new-broadcast form for a town or village operator (GD/J 088): what the county
 * granted them, from GET /api/eb/me/scope. `useBroadcastScope` gives the form the areas
 * its picker starts from and the limits for what is picked; `ScopeNotice` says so in a
 * short note above the form. County-level users get nothing of it: no note, no limits.
 */
import { useMemo } from 'react';
import { Alert } from 'antd';
import { api } from '../../api/client';
import type { EbMyScope } from '../../api/types';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { limitsOf, type ScopeLimits } from './scopeLimits';
import { severityLabel } from './shared';

export interface BroadcastScope {
  /** Null: county level (or not known yet): nothing limited. */
  me: EbMyScope | null;
  /** The picker's roots: the granted areas (undefined: the whole county). */
  roots: { code: string; name: string }[] | undefined;
  /** For the areas picked and the type chosen; null when nothing is limited. */
  limits: ScopeLimits | null;
}

export function useBroadcastScope(picked: string[] | undefined, msgType: number | undefined): BroadcastScope {
  const loaded = useAsync(() => api.get<EbMyScope>('/api/eb/me/scope'), []);
  const me = loaded.data && !loaded.data.countyLevel ? loaded.data : null;
  const roots = useMemo(() => me?.areas.map((a) => ({ code: a.areaCode, name: a.areaName })), [me]);
  const limits = useMemo(() => (me ? limitsOf(me.areas, picked, msgType) : null), [me, picked, msgType]);
  return { me, roots, limits };
}

export function ScopeNotice({ scope }: { scope: BroadcastScope }) {
  const { t } = useI18n();
  const { me, limits } = scope;
  if (!me) return null;
  const kinds = (a: EbMyScope['areas'][number]) =>
    [a.mayDrill ? t('eb.grants.drill') : null, a.mayReal ? t('eb.grants.real') : null].filter(Boolean).join('、');
  const areas = me.areas.map((a) => t('eb.scope.area', { area: a.areaName, kinds: kinds(a), severity: severityLabel(t, a.maxSeverity) })).join('；');
  return (
    <Alert
      type={me.areas.length ? 'info' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="eb-scope-notice"
      title={t('eb.scope.title', { area: me.scope?.areaName ?? '' })}
      description={
        me.areas.length ? (
          <>
            <div>{t('eb.scope.areas', { areas })}</div>
            {limits && !limits.mayReal ? <div>{t('eb.scope.noReal')}</div> : null}
          </>
        ) : t('eb.scope.none')
      }
    />
  );
}
