/** The audit log's filters: text, action, actor, subject type and a date range. */
import { useState } from 'react';
import { AutoComplete, Button, DatePicker, Flex, Input, Select } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client';
import type { Page, User } from '../../api/types';
import { useI18n } from '../../i18n';
import { KNOWN_ACTIONS, KNOWN_SUBJECT_TYPES } from './actions';

export interface AuditFilter {
  q: string;
  action: string;
  actorId?: string;
  subjectType: string;
  from?: string;
  to?: string;
}

export const EMPTY_FILTER: AuditFilter = { q: '', action: '', subjectType: '' };


interface Props {
  canSearchUsers: boolean;
  onApply(filter: AuditFilter): void;
}

export function AuditFilters({ canSearchUsers, onApply }: Props) {
  const { t, tOr } = useI18n();
  const [draft, setDraft] = useState<AuditFilter>(EMPTY_FILTER);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [actors, setActors] = useState<{ value: string; label: string }[]>([]);

  async function searchActors(q: string) {
    try {
      const page = await api.get<Page<User>>('/api/users', { q, pageSize: 20 });
      setActors(page.items.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })));
    } catch {
      setActors([]);
    }
  }

  function apply(next: AuditFilter = draft, dates = range) {
    onApply({
      ...next,
      q: next.q.trim(),
      action: next.action.trim(),
      subjectType: next.subjectType.trim(),
      // Whole days in the browser's time zone, sent as instants.
      from: dates?.[0]?.startOf('day').toISOString(),
      to: dates?.[1]?.endOf('day').toISOString(),
    });
  }

  const set = (patch: Partial<AuditFilter>) => setDraft((d) => ({ ...d, ...patch }));
  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }}>
      <Input allowClear placeholder={t('audit.searchPlaceholder')} style={{ width: 180 }} value={draft.q} onChange={(e) => set({ q: e.target.value })} onPressEnter={() => apply()} data-testid="audit-q" />
      <AutoComplete
        allowClear
        placeholder={t('audit.action')}
        title={t('audit.actionHelp')}
        style={{ width: 170 }}
        value={draft.action}
        onChange={(action?: string) => set({ action: action ?? '' })}
        popupMatchSelectWidth={300}
        options={KNOWN_ACTIONS.filter((a) => !draft.action || a.includes(draft.action) || tOr(`action.${a}`, a).includes(draft.action)).map((a) => ({
          value: a,
          label: `${tOr(`action.${a}`, a)} · ${a}`,
        }))}
      />
      {canSearchUsers ? (
        <Select
          allowClear
          placeholder={t('audit.actor')}
          style={{ width: 160 }}
          value={draft.actorId}
          showSearch={{ filterOption: false, onSearch: searchActors }}
          onOpenChange={(open) => open && !actors.length && void searchActors('')}
          onChange={(actorId?: string) => set({ actorId })}
          options={actors}
          notFoundContent={t('common.none')}
        />
      ) : (
        <Input allowClear placeholder={t('audit.actorId')} style={{ width: 190 }} value={draft.actorId ?? ''} onChange={(e) => set({ actorId: e.target.value || undefined })} />
      )}
      <AutoComplete
        allowClear
        placeholder={t('audit.subjectType')}
        style={{ width: 140 }}
        value={draft.subjectType}
        onChange={(subjectType?: string) => set({ subjectType: subjectType ?? '' })}
        options={KNOWN_SUBJECT_TYPES.filter((s) => s.includes(draft.subjectType)).map((s) => ({ value: s, label: `${tOr(`subject.${s}`, s)} · ${s}` }))}
      />
      <DatePicker.RangePicker style={{ width: 250 }} value={range} onChange={(v) => setRange(v)} allowEmpty={[true, true]} />
      <Button type="primary" icon={<SearchOutlined />} onClick={() => apply()}>
        {t('common.search')}
      </Button>
      <Button
        icon={<ReloadOutlined />}
        onClick={() => {
          setDraft(EMPTY_FILTER);
          setRange(null);
          apply(EMPTY_FILTER, null);
        }}
      >
        {t('common.reset')}
      </Button>
    </Flex>
  );
}
