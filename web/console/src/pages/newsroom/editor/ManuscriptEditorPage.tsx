/**
 * 编辑稿件 (/newsroom/manuscripts/:id): the text (title, subtitle, summary, the body in
 * TipTap, bylines, tags, source, location), saved as a new version each time against
 * the version read; the edit lock (taken on opening, renewed, released on leaving, taken
 * over after a confirm); the review bar; and beside it the review flow, the versions
 * with their differences and the live content-safety findings (also marked in the text).
 * A sign-off stopped by "block" findings lists them and lets the sign-off authority
 * override with a reason. Read-only, saying why, when the user may not edit now.
 *
 * Every text field is text: React escapes it. The only HTML is the body, which the
 * server cleans and TipTap parses into its own schema.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Badge, Button, Card, Col, Flex, Form, Input, Result, Row, Select, Skeleton, Tabs, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, LockOutlined, SaveOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../api/client';
import type { Manuscript, ManuscriptContent, ManuscriptDetail, ManuscriptVersion, SafetyFinding, TimelineItem } from '../../../api/types';
import { matchPath, navigate, usePath } from '../../../app/router';
import { useCurrentSession } from '../../../app/session';
import { errorMessage, lockHolder } from '../../../common/errors';
import { PageHeader } from '../../../common/PageHeader';
import { useAsync } from '../../../common/useAsync';
import { useI18n } from '../../../i18n';
import { kindLabel, levelLabel, reviewLevelsOf, useColumns } from '../shared';
import { editability, reviewActions } from './editability';
import { ReasonModal, type ReasonAction } from './ReasonModal';
import { ReviewBar, type BarAction } from './ReviewBar';
import { AttachmentsField, CoverField, MAX_ATTACHMENTS, type Attachment } from './MediaFields';
import { bodyHtmlOf, loadBody, RichTextEditor, useBodyEditor } from './RichTextEditor';
import { FieldFindings, FindingsPanel, statusOf } from './safety/FindingsPanel';
import { describeFinding } from './safety/labels';
import { blockedBy, SafetyBlockedModal, type Blocked } from './safety/SafetyBlockedModal';
import { revealFinding } from './safety/SafetyHighlight';
import { useSafetyCheck } from './safety/useSafetyCheck';
import { TimelinePanel } from './TimelinePanel';
import { useEditLock } from './useEditLock';
import { VersionsPanel } from './VersionsPanel';

interface Values {
  title: string;
  subtitle?: string;
  summary?: string;
  authorByline?: string;
  editorByline?: string;
  tags?: string[];
  source?: string;
  location?: string;
  coverMediaId?: string | null;
  attachments?: Attachment[];
  linkUrl?: string;
}

const FIELDS = ['title', 'subtitle', 'summary', 'authorByline', 'editorByline', 'tags', 'source', 'location', 'coverMediaId', 'attachments', 'linkUrl'] as const;

/** The kinds that point somewhere: an H5 page, a live stream. */
const LINK_KINDS: readonly string[] = ['h5', 'live'];
/** As the server checks it: http(s), no spaces, quotes or angle brackets. */
const LINK_URL = /^https?:\/\/[^\s<>"]+$/;

export default function ManuscriptEditorPage() {
  const path = usePath();
  const id = matchPath('/newsroom/manuscripts/:id', path)?.id ?? '';
  // A new address is a new manuscript: a fresh editor, lock and all.
  return <ManuscriptEditor key={id} id={id} />;
}

function valuesOf(c: ManuscriptContent): Values {
  return {
    title: c.title, subtitle: c.subtitle, summary: c.summary, authorByline: c.authorByline, editorByline: c.editorByline,
    tags: c.tags, source: c.source, location: c.location,
    coverMediaId: c.coverMediaId ?? null, attachments: c.attachments ?? [], linkUrl: c.linkUrl ?? '',
  };
}

function ManuscriptEditor({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { modal, message } = App.useApp();
  const { user, can } = useCurrentSession();
  const levels = useMemo(() => reviewLevelsOf(can), [can]);
  const readsAll = can('newsroom.manuscripts.read');
  const [form] = Form.useForm<Values>();
  const columns = useColumns();

  const [m, setM] = useState<ManuscriptDetail | null>(null);
  /** The content last loaded into the form and editor (on opening, reloading, restoring). */
  const [loaded, setLoaded] = useState<ManuscriptContent | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [dirty, setDirty] = useState(false);
  const changes = useRef(0);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState<BarAction | null>(null);
  const [reasonFor, setReasonFor] = useState<ReasonAction | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [tab, setTab] = useState('timeline');
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  /** Starts a safety check after a pause in typing (set once the check exists, below the editor). */
  const scheduleCheck = useRef<() => void>(() => undefined);

  const lock = useEditLock(id, (by) => message.warning(t('ms.lockLost', { name: by.name })));
  const editable = m ? editability(m, user.id, levels, t) : null;
  const readOnly = !m || !editable?.ok || lock.other !== null;

  // Typing after a review step dropped the lock takes it again.
  const taking = useRef(false);
  const state = useRef({ editable: false, held: false, other: false });
  state.current = { editable: Boolean(editable?.ok), held: lock.held, other: lock.other !== null };
  const changed = useCallback(() => {
    changes.current += 1;
    setDirty(true);
    scheduleCheck.current();
    const s = state.current;
    if (s.editable && !s.held && !s.other && !taking.current) {
      taking.current = true;
      void lock.acquire().catch(() => undefined).finally(() => (taking.current = false));
    }
  }, [lock]);
  const editor = useBodyEditor(changed);
  const safety = useSafetyCheck(
    editor,
    () => {
      const v = form.getFieldsValue(['title', 'subtitle', 'summary']) as Partial<Values>;
      return { title: v.title ?? '', subtitle: v.subtitle ?? '', summary: v.summary ?? '' };
    },
    (f) => describeFinding(t, f),
  );
  scheduleCheck.current = safety.schedule;
  const findingsIn = (field: SafetyFinding['field']) => (safety.result?.findings ?? []).filter((f) => f.field === field);
  /** Under a one-line field, the words found in it (nothing, not even space, when there are none). */
  const fieldExtra = (field: SafetyFinding['field']) => (findingsIn(field).length ? <FieldFindings findings={findingsIn(field)} /> : undefined);

  const timeline = useAsync(() => api.get<{ items: TimelineItem[] }>(`/api/manuscripts/${id}/timeline`).then((r) => r.items), [id, refresh]);
  const versions = useAsync(() => api.get<{ items: ManuscriptVersion[] }>(`/api/manuscripts/${id}/versions`).then((r) => r.items), [id, refresh]);

  const load = useCallback(async (): Promise<ManuscriptDetail | null> => {
    try {
      const detail = await api.get<ManuscriptDetail>(`/api/manuscripts/${id}`);
      setM(detail);
      setLoaded(detail.content);
      setLoadError(null);
      return detail;
    } catch (err) {
      setLoadError(err);
      return null;
    }
  }, [id]);

  /** The manuscript's state again, keeping what is typed (after a refusal that says it changed). */
  const refreshState = useCallback(async () => {
    try {
      const detail = await api.get<ManuscriptDetail>(`/api/manuscripts/${id}`);
      setM((prev) => (prev ? { ...detail, content: prev.content } : detail));
    } catch {
      // The next action will say what is wrong.
    }
    setRefresh((n) => n + 1);
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Fill the form and the editor when content is (re)loaded, after they are rendered.
  useEffect(() => {
    if (!loaded) return;
    form.setFieldsValue(valuesOf(loaded));
    loadBody(editor, loaded.bodyHtml);
    changes.current = 0;
    setDirty(false);
    scheduleCheck.current();
  }, [loaded, form, editor]);

  // Take the lock when the page first shows an editable manuscript.
  const triedLock = useRef(false);
  useEffect(() => {
    if (!m || triedLock.current) return;
    triedLock.current = true;
    if (editability(m, user.id, levels, t).ok) void lock.acquire().catch(() => undefined);
  }, [m, user.id, levels, t, lock]);

  // Leaving with unsaved changes asks first (closing or reloading the tab).
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  async function reloadAll() {
    const detail = await load();
    setRefresh((n) => n + 1);
    if (detail && editability(detail, user.id, levels, t).ok && !lock.held) void lock.acquire().catch(() => undefined);
  }

  /** Shows a refusal; some need more than words. */
  function handle(err: unknown) {
    const stopped = blockedBy(err);
    if (stopped) {
      // Sign-off met "block" findings: list them, with the override for the sign-off authority.
      setBlocked(stopped);
      return;
    }
    if (err instanceof ApiError && err.code === 'MANUSCRIPT_VERSION_CONFLICT') {
      modal.confirm({
        title: t('ms.conflictTitle'),
        content: t('ms.conflictText'),
        okText: t('ms.reload'),
        cancelText: t('common.cancel'),
        onOk: () => reloadAll(),
      });
      return;
    }
    if (lockHolder(err)) {
      // Asking again shows who holds it, with the take-over button; when the lock was mine,
      // that also says it was taken over, which is the whole story.
      const wasMine = lock.held;
      void lock.acquire().catch(() => undefined);
      if (wasMine) return;
    }
    if (err instanceof ApiError && ['MANUSCRIPT_SIGNED_OFF', 'MANUSCRIPT_NOT_EDITABLE', 'REVIEW_INVALID_TRANSITION', 'REVIEW_LEVEL_FORBIDDEN'].includes(err.code)) {
      void refreshState();
    }
    if (err instanceof ApiError && err.field) {
      const field = err.field.replace(/^body\./, '').replace(/^content\./, '').split('.')[0] as (typeof FIELDS)[number];
      // The address has a field only on H5 and live items; elsewhere the message says it.
      if (FIELDS.includes(field) && (field !== 'linkUrl' || (m && LINK_KINDS.includes(m.kind)))) {
        form.setFields([{ name: field, errors: [errorMessage(err, i18n)] }]);
        return;
      }
    }
    message.error(errorMessage(err, i18n));
  }

  async function save() {
    if (!m) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const seen = changes.current;
    const content: ManuscriptContent = {
      title: values.title.trim(),
      subtitle: (values.subtitle ?? '').trim(),
      summary: (values.summary ?? '').trim(),
      bodyHtml: bodyHtmlOf(editor),
      authorByline: (values.authorByline ?? '').trim(),
      editorByline: (values.editorByline ?? '').trim(),
      tags: values.tags ?? [],
      coverMediaId: values.coverMediaId ?? null,
      source: (values.source ?? '').trim(),
      location: (values.location ?? '').trim(),
      attachments: values.attachments ?? [],
      // Only H5 and live items show the field; the others keep what they had.
      linkUrl: LINK_KINDS.includes(m.kind) ? (values.linkUrl ?? '').trim() : (m.content.linkUrl ?? ''),
    };
    setSaving(true);
    try {
      const detail = await api.put<ManuscriptDetail>(`/api/manuscripts/${id}/content`, { baseVersion: m.version, content });
      setM(detail);
      setDirty(changes.current !== seen); // typed on while it was saving
      setRefresh((n) => n + 1);
      message.success(t('ms.saved', { n: detail.version }));
    } catch (err) {
      handle(err);
    } finally {
      setSaving(false);
    }
  }

  /** Sends a decision on the version shown; throws the refusal. `override`: sign off despite "block" findings (audited). */
  async function decide(action: BarAction, reason?: string, override?: string) {
    if (!m) return;
    const before = m.reviewLevel;
    const next = await api.post<Manuscript>(`/api/manuscripts/${id}/review`, {
      action, version: m.version, ...(reason ? { reason } : {}), ...(override ? { override: { reason: override } } : {}),
    });
    lock.forget(); // the server drops the lock with every decision
    setM((prev) => (prev ? { ...prev, ...next } : prev));
    setRefresh((n) => n + 1);
    if (next.status === 'signed_off') message.success(override ? t('safety.overridden') : t('review.done.sign_off'));
    else if (action === 'approve') message.success(t('review.done.approve', { level: levelLabel(t, before) }));
    else message.success(t(`review.done.${action}`));
  }

  async function act(action: BarAction) {
    if (!m) return;
    if (action === 'return' || action === 'reject') {
      setReasonFor(action);
      return;
    }
    const run = async () => {
      setBusy(action);
      try {
        await decide(action);
      } catch (err) {
        handle(err);
      } finally {
        setBusy(null);
      }
    };
    if (action === 'approve' && reviewActions(m, user.id, levels, readsAll).signOff) {
      modal.confirm({
        title: t('review.signOffTitle'),
        content: t('review.signOffText', { n: m.version }),
        okText: t('review.signOff'),
        okButtonProps: { 'data-testid': 'sign-off-confirm' },
        cancelText: t('common.cancel'),
        onOk: run,
      });
    } else {
      await run();
    }
  }

  function takeOver(name: string) {
    modal.confirm({
      title: t('ms.takeoverTitle', { name }),
      content: t('ms.takeoverText', { name }),
      okText: t('ms.takeover'),
      okButtonProps: { danger: true, 'data-testid': 'takeover-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const after = await lock.acquire(true);
          if (!after) return;
          message.success(t('ms.takenOver'));
          // They may have saved meanwhile: edit from the newest version.
          if (m && after.version !== m.version) {
            if (dirty) handle(new ApiError(409, 'MANUSCRIPT_VERSION_CONFLICT', ''));
            else await reloadAll();
          }
        } catch (err) {
          handle(err);
        }
      },
    });
  }

  async function restore(version: number) {
    if (!m) return;
    try {
      const detail = await api.post<ManuscriptDetail>(`/api/manuscripts/${id}/versions/${version}/restore`);
      setM(detail);
      setLoaded(detail.content);
      setRefresh((n) => n + 1);
      message.success(t('ver.restored', { from: version, to: detail.version }));
    } catch (err) {
      handle(err);
    }
  }

  /** Shows a finding where it is: selected in the body, or in its field. */
  function locate(f: SafetyFinding) {
    if (f.field === 'body') {
      revealFinding(editor, f);
      return;
    }
    const input = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="field-${f.field}"]`);
    if (!input) return;
    input.focus();
    input.setSelectionRange(f.start, f.end);
    input.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  if (loadError && !m) {
    return (
      <Result
        status={loadError instanceof ApiError && loadError.status === 404 ? '404' : 'error'}
        title={errorMessage(loadError, i18n)}
        extra={<Button type="primary" onClick={() => navigate('/newsroom/manuscripts')}>{t('ms.back')}</Button>}
      />
    );
  }

  const actions = m ? reviewActions(m, user.id, levels, readsAll) : null;
  const columnName = m?.columnId ? columns.data?.find((c) => c.id === m.columnId)?.name : undefined;
  // The last decision, when it sent the manuscript back or closed it.
  const lastReview = [...(timeline.data ?? [])].reverse().find((i) => i.kind === 'review');
  const verdict = m && lastReview && ((m.status === 'returned' && lastReview.action === 'return') || (m.status === 'rejected' && lastReview.action === 'reject')) ? lastReview : null;
  const whyReadOnly = lock.other ? null : editable && !editable.ok ? editable.why : null;

  return (
    <>
      <PageHeader
        title={m ? m.title : t('nav.manuscriptEditor')}
        subtitle={m ? [kindLabel(t, m.kind), columnName, t('ms.authorIs', { name: m.author.name })].filter(Boolean).join(' · ') : undefined}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/newsroom/manuscripts')}>{t('ms.back')}</Button>
            {m && !readOnly ? (
              <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="manuscript-save">
                {t('ms.save')}
              </Button>
            ) : null}
          </>
        }
      />
      {!m ? (
        <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <ReviewBar m={m} actions={actions!} dirty={dirty} busy={busy} onAction={(a) => void act(a)} />
          </Card>
          {verdict ? (
            <Alert
              type={verdict.action === 'reject' ? 'error' : 'warning'}
              showIcon
              style={{ marginBottom: 16 }}
              title={t(verdict.action === 'reject' ? 'ms.rejectedBanner' : 'ms.returnedBanner', { level: levelLabel(t, verdict.level), name: verdict.actorName, time: formatDateTime(verdict.at) })}
              description={<span style={{ whiteSpace: 'pre-wrap' }}>{verdict.reason}</span>}
              data-testid="verdict-banner"
            />
          ) : null}
          {lock.other ? (
            <Alert
              type="warning"
              showIcon
              icon={<LockOutlined />}
              style={{ marginBottom: 16 }}
              title={t('ms.ro.locked', { name: lock.other.name, time: formatDateTime(lock.other.until) })}
              action={editable?.ok ? <Button size="small" danger onClick={() => takeOver(lock.other!.name)} data-testid="takeover">{t('ms.takeover')}</Button> : undefined}
              data-testid="locked-alert"
            />
          ) : null}
          {whyReadOnly ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={whyReadOnly} data-testid="read-only-reason" /> : null}
          {/* Before sign-off only: afterwards the text changes by a correction, and the findings stay in their tab. */}
          {safety.result?.blocking && !m.signedOff && ['draft', 'in_review', 'returned'].includes(m.status) ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('safety.blockingAlert', { n: safety.result.blocking })}
              action={<Button size="small" onClick={() => setTab('safety')}>{t('safety.showFindings')}</Button>}
              data-testid="safety-alert"
            />
          ) : null}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Card
                title={
                  <Flex gap={8} align="center">
                    <span>{t('nav.manuscriptEditor')}</span>
                    {lock.held ? (
                      <Tooltip title={t('ms.editing')}>
                        <LockOutlined style={{ color: '#389e0d' }} data-testid="lock-held" />
                      </Tooltip>
                    ) : null}
                  </Flex>
                }
                extra={
                  readOnly ? <Typography.Text type="secondary">{t('ms.ro.title')}</Typography.Text>
                  : dirty ? <Typography.Text type="warning" data-testid="dirty">{t('ms.unsaved')}</Typography.Text>
                  : <Typography.Text type="secondary">{t('ms.allSaved')}</Typography.Text>
                }
              >
                <Form form={form} layout="vertical" disabled={readOnly} onValuesChange={changed}>
                  <Form.Item name="title" label={t('ms.title')} extra={fieldExtra('title')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.max', { n: 200 }) }]}>
                    <Input size="large" autoComplete="off" status={statusOf(findingsIn('title'))} data-testid="field-title" />
                  </Form.Item>
                  <Form.Item name="subtitle" label={t('ms.field.subtitle')} extra={fieldExtra('subtitle')} rules={[{ max: 200, message: t('validation.max', { n: 200 }) }]}>
                    <Input autoComplete="off" status={statusOf(findingsIn('subtitle'))} data-testid="field-subtitle" />
                  </Form.Item>
                  <Form.Item name="summary" label={t('ms.field.summary')} extra={fieldExtra('summary')} rules={[{ max: 1000, message: t('validation.max', { n: 1000 }) }]}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} status={statusOf(findingsIn('summary'))} data-testid="field-summary" />
                  </Form.Item>
                  <Form.Item label={t('ms.field.body')} required>
                    <RichTextEditor editor={editor} readOnly={readOnly} />
                  </Form.Item>
                  <Row gutter={16}>
                    <Col xs={24} md={12}>
                      <Form.Item name="authorByline" label={t('ms.field.authorByline')} extra={t('ms.bylinesHint')} rules={[{ max: 200, message: t('validation.max', { n: 200 }) }]}>
                        <Input autoComplete="off" data-testid="field-authorByline" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name="editorByline" label={t('ms.field.editorByline')} rules={[{ max: 200, message: t('validation.max', { n: 200 }) }]}>
                        <Input autoComplete="off" data-testid="field-editorByline" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name="source" label={t('ms.field.source')} rules={[{ max: 200, message: t('validation.max', { n: 200 }) }]}>
                        <Input autoComplete="off" data-testid="field-source" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name="location" label={t('ms.field.location')} rules={[{ max: 200, message: t('validation.max', { n: 200 }) }]}>
                        <Input autoComplete="off" data-testid="field-location" />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item
                    name="tags"
                    label={t('ms.field.tags')}
                    rules={[
                      {
                        validator: (_, tags: string[] | undefined) =>
                          !tags || (tags.length <= 20 && tags.every((tag) => tag.trim().length > 0 && tag.length <= 30))
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('validation.max', { n: 30 }))),
                      },
                    ]}
                  >
                    <Select mode="tags" tokenSeparators={[',', '，', '、']} placeholder={t('ms.tagsPlaceholder')} notFoundContent={null} data-testid="field-tags" />
                  </Form.Item>
                  {LINK_KINDS.includes(m.kind) ? (
                    <Form.Item
                      name="linkUrl"
                      label={t(m.kind === 'live' ? 'ms.field.linkUrl.live' : 'ms.field.linkUrl.h5')}
                      extra={t('ms.linkUrlHint')}
                      rules={[
                        { max: 1000, message: t('validation.max', { n: 1000 }) },
                        {
                          validator: (_, v: string | undefined) =>
                            !v || !v.trim() || LINK_URL.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('ms.linkUrlInvalid'))),
                        },
                      ]}
                    >
                      {readOnly ? <LinkView /> : <Input autoComplete="off" inputMode="url" placeholder="https://" data-testid="field-linkUrl" />}
                    </Form.Item>
                  ) : null}
                  <Form.Item name="coverMediaId" label={t('ms.field.cover')}>
                    <CoverField readOnly={readOnly} />
                  </Form.Item>
                  <Form.Item
                    name="attachments"
                    label={t('ms.field.attachments')}
                    rules={[{ validator: (_, v: Attachment[] | undefined) => (!v || v.length <= MAX_ATTACHMENTS ? Promise.resolve() : Promise.reject(new Error(t('ms.media.attachmentsMax', { max: MAX_ATTACHMENTS })))) }]}
                  >
                    <AttachmentsField readOnly={readOnly} />
                  </Form.Item>
                </Form>
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              {/* Stays in view beside a long article. */}
              <Card style={{ position: 'sticky', top: 16 }} styles={{ body: { paddingTop: 4, maxHeight: 'calc(100vh - 32px)', overflowY: 'auto' } }}>
                <Tabs
                  activeKey={tab}
                  onChange={setTab}
                  items={[
                    { key: 'timeline', label: t('tl.tab'), children: <TimelinePanel items={timeline.data} error={timeline.error} onRetry={timeline.reload} /> },
                    {
                      key: 'safety',
                      label: (
                        <span data-testid="safety-tab">
                          {t('safety.tab')}
                          {safety.result?.findings.length ? (
                            <Badge
                              count={safety.result.findings.length}
                              size="small"
                              color={safety.result.blocking ? '#ff4d4f' : '#fa8c16'}
                              style={{ marginInlineStart: 6 }}
                            />
                          ) : null}
                        </span>
                      ),
                      children: <FindingsPanel safety={safety} onLocate={locate} />,
                    },
                    {
                      key: 'versions',
                      label: t('ver.tab'),
                      children: (
                        <VersionsPanel
                          manuscriptId={id}
                          current={m.version}
                          versions={versions.data}
                          error={versions.error}
                          onRetry={versions.reload}
                          restoreBlocked={readOnly ? (whyReadOnly ?? t('ms.ro.title')) : null}
                          dirty={dirty}
                          onRestore={restore}
                        />
                      ),
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <ReasonModal action={reasonFor} onClose={() => setReasonFor(null)} onSubmit={(a, reason) => decide(a, reason)} onError={handle} />
          <SafetyBlockedModal
            blocked={blocked}
            canOverride={Boolean(actions?.signOff)}
            onClose={() => setBlocked(null)}
            onOverride={(reason) => decide('approve', undefined, reason)}
            onError={handle}
          />
        </>
      )}
    </>
  );
}

/** A saved address, read-only: a link opening in a new tab (http(s) only, as the server allows). */
function LinkView({ value }: { value?: string }) {
  const { t } = useI18n();
  if (!value) return <Typography.Text type="secondary">{t('ms.linkUrlNone')}</Typography.Text>;
  return LINK_URL.test(value) ? (
    <Typography.Link href={value} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }} data-testid="field-linkUrl-view">{value}</Typography.Link>
  ) : (
    <Typography.Text style={{ wordBreak: 'break-all' }}>{value}</Typography.Text>
  );
}
