/**
 * 版本历史: every saved version of the rules, newest first, with its size and note; a
 * version's contents on demand, and 恢复此版本, which saves that version's document as a
 * new version (history is never rewritten).
 */
import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError } from '../../../api/client';
import type { Items, SafetyRules, SafetyRulesVersion } from '../../../api/types';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { errorMessage } from '../../../common/errors';
import { useAsync } from '../../../common/useAsync';
import { useI18n } from '../../../i18n';

interface Props {
  open: boolean;
  current: number;
  /** Unsaved edits on the page, which a restore leaves behind. */
  dirty: boolean;
  onClose(): void;
  onRestored(rules: SafetyRules): void;
  onConflict(err: ApiError): void;
}

export function VersionsDrawer({ open, current, dirty, onClose, onRestored, onConflict }: Props) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message } = App.useApp();
  const list = useAsync(() => (open ? api.get<Items<SafetyRulesVersion>>('/api/safety/rules/versions').then((r) => r.items) : Promise.resolve(undefined)), [open, current]);
  const [shown, setShown] = useState<SafetyRules | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  async function view(version: number) {
    setBusy(version);
    try {
      setShown(await api.get<SafetyRules>(`/api/safety/rules/versions/${version}`));
    } catch (err) {
      message.error(errorMessage(err, i18n));
    } finally {
      setBusy(null);
    }
  }

  async function restore(version: number) {
    setBusy(version);
    try {
      const old = await api.get<SafetyRules>(`/api/safety/rules/versions/${version}`);
      const saved = await api.put<SafetyRules>('/api/safety/rules', { baseVersion: current, document: old.document, note: t('rules.restoredNote', { n: version }) });
      message.success(t('rules.restored', { from: version, to: saved.version }));
      setShown(null);
      onRestored(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SAFETY_RULES_VERSION_CONFLICT') onConflict(err);
      else message.error(errorMessage(err, i18n));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Drawer open={open} onClose={onClose} size={720} title={t('rules.versions')} destroyOnHidden data-testid="rules-versions">
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<SafetyRulesVersion>
        size="small"
        rowKey="version"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('rules.version'), dataIndex: 'version', key: 'version', width: 110,
            render: (v: number) => (
              <Space size={4}>
                {t('ms.versionN', { n: v })}
                {v === current ? <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('rules.current')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('rules.wordCount'), dataIndex: 'wordCount', key: 'wordCount', width: 90 },
          { title: t('rules.versionNote'), dataIndex: 'note', key: 'note', render: (note: string | null) => note ?? '—' },
          { title: t('rules.savedBy'), key: 'by', width: 160, render: (_, v) => <>{v.createdByName || '—'}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(v.createdAt)}</Typography.Text></> },
          {
            title: t('common.actions'), key: 'actions', width: 150,
            render: (_, v) => (
              <Space size={0}>
                <Button type="link" size="small" loading={busy === v.version && !shown} onClick={() => void view(v.version)}>{t('common.view')}</Button>
                {v.version !== current ? (
                  <Popconfirm
                    title={t('rules.restoreTitle', { n: v.version })}
                    description={dirty ? t('rules.restoreDiscards') : t('rules.restoreHelp')}
                    okText={t('rules.restore')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => restore(v.version)}
                  >
                    <Button type="link" size="small" data-testid={`restore-${v.version}`}>{t('rules.restore')}</Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {shown ? (
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          bordered
          column={2}
          title={t('ms.versionN', { n: shown.version })}
          extra={<Button size="small" onClick={() => setShown(null)}>{t('common.close')}</Button>}
          items={[
            { key: 'words', label: t('rules.tabWords'), children: shown.document.words.length },
            { key: 'typos', label: t('rules.tabTypos'), children: shown.document.typos.length },
            { key: 'leaders', label: t('rules.tabLeaders'), children: shown.document.leaders.length },
            { key: 'hosts', label: t('rules.tabHosts'), children: shown.document.bannedHosts.length },
            {
              key: 'sample', label: t('rules.sample'), span: 2,
              children: (
                <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 3, expandable: true }}>
                  {shown.document.words.slice(0, 200).map((w) => w.word).join('、') || '—'}
                </Typography.Paragraph>
              ),
            },
          ]}
        />
      ) : null}
    </Drawer>
  );
}
