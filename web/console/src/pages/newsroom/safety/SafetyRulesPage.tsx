/**
 * 敏感词库 (/newsroom/safety): the center's content-safety rules, which every writer may
 * read and the holders of newsroom.safety.manage change: sensitive words (up to
 * 100,000), typo pairs, leaders in protocol order, banned link hosts. Edits collect in a
 * draft; 保存 sends the whole document against the version it started from, and the
 * server keeps it as a new version (a 409 says someone saved first and offers a reload).
 * Import and version history (with restore) are there too.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Result, Skeleton, Tabs, Tag, Typography } from 'antd';
import { HistoryOutlined, ImportOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../api/client';
import type { SafetyRules, SafetyRulesDocument } from '../../../api/types';
import { useCurrentSession } from '../../../app/session';
import { errorMessage } from '../../../common/errors';
import { PageHeader } from '../../../common/PageHeader';
import { useI18n } from '../../../i18n';
import { ImportModal } from './ImportModal';
import { HostsTab, LeadersTab, TyposTab } from './OtherTabs';
import { VersionsDrawer } from './VersionsDrawer';
import { WordsTab } from './WordsTab';

export const SAFETY_MANAGE = 'newsroom.safety.manage';

export default function SafetyRulesPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message, modal } = App.useApp();
  const { can } = useCurrentSession();
  const manage = can(SAFETY_MANAGE);
  const [rules, setRules] = useState<SafetyRules | null>(null);
  const [draft, setDraft] = useState<SafetyRulesDocument | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [tab, setTab] = useState('words');
  const [saving, setSaving] = useState(false);
  const [askNote, setAskNote] = useState(false);
  const [importing, setImporting] = useState(false);
  const [history, setHistory] = useState(false);
  const [noteForm] = Form.useForm<{ note?: string }>();

  const dirty = Boolean(rules && draft && draft !== rules.document);

  const show = useCallback((r: SafetyRules) => {
    setRules(r);
    setDraft(r.document);
  }, []);

  const load = useCallback(async () => {
    try {
      show(await api.get<SafetyRules>('/api/safety/rules'));
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [show]);

  useEffect(() => {
    void load();
  }, [load]);

  // Leaving with unsaved changes asks first (closing or reloading the tab).
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  function conflict(err: ApiError) {
    const now = typeof err.details?.current === 'number' ? err.details.current : null;
    modal.confirm({
      title: t('rules.conflictTitle'),
      content: now ? t('rules.conflictTextN', { n: now }) : t('rules.conflictText'),
      okText: t('rules.reload'),
      cancelText: t('common.cancel'),
      onOk: () => load(),
    });
  }

  async function save({ note }: { note?: string }) {
    if (!rules || !draft) return;
    setSaving(true);
    try {
      const trimmed = note?.trim();
      const saved = await api.put<SafetyRules>('/api/safety/rules', { baseVersion: rules.version, document: draft, ...(trimmed ? { note: trimmed } : {}) });
      show(saved);
      setAskNote(false);
      message.success(t('rules.saved', { n: saved.version }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SAFETY_RULES_VERSION_CONFLICT') {
        setAskNote(false);
        conflict(err);
      } else {
        message.error(errorMessage(err, i18n));
      }
    } finally {
      setSaving(false);
    }
  }

  if (loadError && !rules) {
    return <Result status="error" title={errorMessage(loadError, i18n)} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;
  }

  const set = <K extends keyof SafetyRulesDocument>(key: K) => (value: SafetyRulesDocument[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  const editable = manage;

  return (
    <>
      <PageHeader
        title={t('nav.safetyRules')}
        subtitle={t('rules.subtitle')}
        extra={manage && rules ? (
          <>
            <Button icon={<HistoryOutlined />} onClick={() => setHistory(true)} data-testid="rules-history">{t('rules.versions')}</Button>
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="rules-import">{t('rules.import')}</Button>
            {dirty ? <Button icon={<UndoOutlined />} onClick={() => setDraft(rules.document)} data-testid="rules-discard">{t('rules.discard')}</Button> : null}
            <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} onClick={() => { noteForm.resetFields(); setAskNote(true); }} data-testid="rules-save">
              {t('common.save')}
            </Button>
          </>
        ) : null}
      />
      {!manage ? <Alert type="info" showIcon title={t('rules.readOnly')} style={{ marginBottom: 16 }} /> : null}
      {!rules || !draft ? (
        <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
      ) : (
        <Card
          title={
            <Flex gap={8} align="center" wrap>
              <span data-testid="rules-version" data-version={rules.version}>{rules.version ? t('rules.versionIs', { n: rules.version }) : t('rules.noVersion')}</span>
              {rules.note ? <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{rules.note}</Typography.Text> : null}
              {rules.createdAt ? <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>{formatDateTime(rules.createdAt)}</Typography.Text> : null}
            </Flex>
          }
          extra={dirty ? <Tag color="warning" data-testid="rules-dirty">{t('rules.unsaved')}</Tag> : null}
        >
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'words', label: `${t('rules.tabWords')} (${draft.words.length})`, children: <WordsTab words={draft.words} editable={editable} onChange={set('words')} /> },
              { key: 'typos', label: `${t('rules.tabTypos')} (${draft.typos.length})`, children: <TyposTab items={draft.typos} editable={editable} onChange={set('typos')} /> },
              { key: 'leaders', label: `${t('rules.tabLeaders')} (${draft.leaders.length})`, children: <LeadersTab items={draft.leaders} editable={editable} onChange={set('leaders')} /> },
              { key: 'hosts', label: `${t('rules.tabHosts')} (${draft.bannedHosts.length})`, children: <HostsTab items={draft.bannedHosts} editable={editable} onChange={set('bannedHosts')} /> },
            ]}
          />
        </Card>
      )}
      <Modal
        open={askNote}
        title={t('rules.saveTitle')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => noteForm.submit()}
        onCancel={() => setAskNote(false)}
        okButtonProps={{ 'data-testid': 'rules-save-confirm' }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('rules.saveHelp', { n: (rules?.version ?? 0) + 1 })}</Typography.Paragraph>
        <Form form={noteForm} layout="vertical" onFinish={save}>
          <Form.Item name="note" label={t('rules.versionNote')} rules={[{ max: 500, message: t('validation.max', { n: 500 }) }]}>
            <Input autoComplete="off" placeholder={t('rules.versionNotePlaceholder')} data-testid="rules-save-note" />
          </Form.Item>
        </Form>
      </Modal>
      {rules ? (
        <>
          <ImportModal
            open={importing}
            baseVersion={rules.version}
            dirty={dirty}
            onClose={() => setImporting(false)}
            onConflict={conflict}
            onImported={(r) => {
              setImporting(false);
              show(r);
              message.success(t('rules.imported', { n: r.version, words: r.document.words.length }));
            }}
          />
          <VersionsDrawer open={history} current={rules.version} dirty={dirty} onClose={() => setHistory(false)} onRestored={show} onConflict={conflict} />
        </>
      ) : null}
    </>
  );
}
