/**
 * One broadcast (/emergency/broadcasts/:id): every field, the areas by name, author and
 * approver, the EBMID and the prepared, already-signed cancel EBMID; the steps its state
 * and the user's rights allow: 提交审核, 审核通过 / 驳回 (a real send needs a second
 * person: the server refuses its author), 一键取消 (the prepared cancel goes out in one
 * action), 发布更正 (a correction draft that, approved, replaces it: CorrectionAction.tsx),
 * and the signed package and CAP alert as files. A correction links to what it corrects,
 * and a corrected broadcast to its correction. Drills are hatched violet
 * with a large 演练 DRILL badge in the header and in every confirm dialog.
 */
import { useState, type ReactElement } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import {
  ArrowLeftOutlined, CheckOutlined, CloseOutlined, CopyOutlined, DownloadOutlined, FileTextOutlined, ReloadOutlined, SafetyCertificateOutlined,
  SendOutlined, StopOutlined, WarningOutlined,
} from '@ant-design/icons';
import { api, ApiError } from '../../api/client';
import type { Broadcast } from '../../api/types';
import { Link, matchPath, navigate, usePath } from '../../app/router';
import { useCurrentSession } from '../../app/session';
import { errorMessage } from '../../common/errors';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n, type MessageKey } from '../../i18n';
import { ActionModal, type EbAction } from './ActionModal';
import { BroadcastAudioView } from './AudioPicker';
import { CorrectionAction } from './CorrectionAction';
import { CoveragePanel } from './CoveragePanel';
import { downloadFile } from './download';
import { areaNamesOf, EB_APPROVE, EB_AUTHOR, EbStatusTag, eventTypeLabel, ModeBadge, ModeBanner, msgTypeLabel, SeverityTag, styles, useAreaNames } from './shared';

export default function BroadcastDetailPage() {
  const path = usePath();
  const id = matchPath('/emergency/broadcasts/:id', path)?.id ?? '';
  return <BroadcastDetail key={id} id={id} />;
}

function BroadcastDetail({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message } = App.useApp();
  const { user, can } = useCurrentSession();
  const loaded = useAsync(() => api.get<Broadcast>(`/api/eb/broadcasts/${encodeURIComponent(id)}`), [id]);
  const [fresh, setFresh] = useState<Broadcast | null>(null);
  const b = fresh && fresh.id === id ? fresh : loaded.data;
  const areas = useAreaNames(b?.areaCodes);
  const [action, setAction] = useState<EbAction | null>(null);
  const [refusal, setRefusal] = useState<{ action: EbAction; err: unknown } | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  if (loaded.error && !b) {
    const missing = loaded.error instanceof ApiError && loaded.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('eb.notFound') : t('common.loadFailed')}
        subTitle={errorMessage(loaded.error, i18n)}
        extra={<Button onClick={() => navigate('/emergency/broadcasts')}>{t('eb.back')}</Button>}
      />
    );
  }
  if (!b) return <Skeleton active paragraph={{ rows: 10 }} />;

  const mine = b.author.id === user.id;
  const names = areaNamesOf(b, areas.data);
  const canAuthor = can(EB_AUTHOR);
  const canApprove = can(EB_APPROVE);

  function reload() {
    setFresh(null);
    setRefusal(null);
    loaded.reload();
  }

  function done(act: EbAction, updated: Broadcast) {
    setAction(null);
    setRefusal(null);
    setFresh(updated);
    message.success(t(`eb.done.${act}` as MessageKey));
  }

  function refused(act: EbAction, err: unknown) {
    setRefusal({ action: act, err });
    // The broadcast may have moved on (someone else decided it): show its state now.
    if (err instanceof ApiError && err.code === 'EB_INVALID_TRANSITION') {
      setFresh(null);
      loaded.reload();
    }
  }

  async function download(kind: 'package' | 'cap') {
    if (!b) return;
    setDownloading(kind);
    try {
      const url = `/api/eb/broadcasts/${encodeURIComponent(b.id)}/${kind === 'package' ? 'package.tar' : 'cap.xml'}`;
      const name = await downloadFile(url, kind === 'package' ? `EBDT_${b.ebmid ?? b.id}.tar` : `CAP_${b.ebmid ?? b.id}.xml`);
      message.success(t('eb.downloaded', { name }));
    } catch (err) {
      message.error(errorMessage(err, i18n));
    } finally {
      setDownloading(null);
    }
  }

  const actions: ReactElement[] = [];
  if (b.status === 'draft' && canAuthor) {
    actions.push(
      <Button key="submit" type="primary" icon={<SendOutlined />} onClick={() => setAction('submit')} data-testid="eb-submit">
        {t('eb.action.submit')}
      </Button>,
    );
  }
  if (b.status === 'pending' && canApprove) {
    actions.push(
      <Button key="approve" type="primary" danger={!b.drill} icon={<CheckOutlined />} onClick={() => setAction('approve')} data-testid="eb-approve">
        {t('eb.action.approve')}
      </Button>,
      <Button key="reject" icon={<CloseOutlined />} onClick={() => setAction('reject')} data-testid="eb-reject">
        {t('eb.action.reject')}
      </Button>,
    );
  }
  if ((b.status === 'draft' || b.status === 'pending') && canAuthor) {
    actions.push(
      <Button key="withdraw" danger icon={<StopOutlined />} onClick={() => setAction('withdraw')} data-testid="eb-withdraw">
        {t('eb.action.withdraw')}
      </Button>,
    );
  }
  if (canAuthor) {
    actions.push(
      <Button key="copy" icon={<CopyOutlined />} onClick={() => navigate(`/emergency/broadcasts/new?from=${encodeURIComponent(b.id)}`)} data-testid="eb-copy">
        {t('eb.action.copy')}
      </Button>,
    );
  }

  // A sent broadcast already stopped can still be corrected (the approved one: next to 一键取消).
  if (b.status !== 'approved' && b.ebmid && canAuthor) actions.push(<CorrectionAction key="correct" b={b} />);

  const realOwnPending = b.status === 'pending' && !b.drill && mine && canApprove;

  return (
    <>
      <PageHeader
        title={t('nav.ebDetail')}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/emergency/broadcasts')}>{t('eb.back')}</Button>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loaded.loading}>{t('common.refresh')}</Button>
          </>
        }
      />
      <Card className={b.drill ? styles.hatch : undefined} style={{ marginBottom: 16, borderColor: b.drill ? '#6d28d9' : '#cf1322', borderWidth: 2 }} data-testid="eb-header" data-drill={String(b.drill)}>
        <ModeBanner msgType={b.msgType} />
        <Flex justify="space-between" align="center" wrap gap={16} style={{ marginTop: 16, background: '#fff', padding: 16, borderRadius: 8 }}>
          <Flex vertical gap={8}>
            <Space wrap size={8}>
              <ModeBadge drill={b.drill} />
              <EbStatusTag status={b.status} />
              <SeverityTag severity={b.severity} />
              <Tag>{eventTypeLabel(i18n, b.eventType)}</Tag>
            </Space>
            {/* The title is text: React escapes it. */}
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="eb-title-view">{b.title}</Typography.Title>
          </Flex>
          {b.status === 'approved' && canAuthor ? (
            <Space wrap size={12}>
              <CorrectionAction b={b} large />
              <Button
                type="primary"
                danger
                size="large"
                icon={<StopOutlined />}
                onClick={() => setAction('cancel')}
                style={{ height: 56, padding: '0 32px', fontSize: 20, fontWeight: 700 }}
                data-testid="eb-cancel"
              >
                {t('eb.action.cancel')}
              </Button>
            </Space>
          ) : null}
        </Flex>
      </Card>

      {refusal ? (
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          closable={{ onClose: () => setRefusal(null) }}
          style={{ marginBottom: 16 }}
          title={refusal.err instanceof ApiError && refusal.err.code === 'EB_APPROVER_IS_AUTHOR' ? t('eb.twoPersonTitle') : t('eb.refusedTitle')}
          description={errorMessage(refusal.err, i18n)}
          data-testid="eb-refusal"
          data-code={refusal.err instanceof ApiError ? refusal.err.code : ''}
        />
      ) : null}
      {b.correctionOf ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="eb-correction-of"
          title={<span>{t('eb.field.correctionOf')}{' '}{b.correctionOf.id ? <Link href={`/emergency/broadcasts/${b.correctionOf.id}`} className={styles.mono}>{b.correctionOf.ebmid}</Link> : <span className={styles.mono}>{b.correctionOf.ebmid}</span>}</span>}
          description={b.status === 'draft' || b.status === 'pending' ? t('eb.correctionOfHelp') : undefined}
        />
      ) : null}
      {b.correctedBy ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="eb-corrected-by"
          title={<span>{t('eb.field.correctedBy')}：<Link href={`/emergency/broadcasts/${b.correctedBy.id}`} className={styles.mono}>{b.correctedBy.ebmid}</Link></span>}
        />
      ) : null}
      {realOwnPending ? <Alert type="warning" showIcon title={t('eb.ownReal')} style={{ marginBottom: 16 }} data-testid="eb-own-real" /> : null}
      {b.status === 'pending' && !canApprove ? <Alert type="info" showIcon title={t('eb.waitingApproval')} style={{ marginBottom: 16 }} /> : null}
      {b.status === 'rejected' && b.decisionNote ? (
        <Alert type="error" showIcon title={t('eb.rejectedBy', { name: b.approver?.name ?? '—', time: formatDateTime(b.approver?.at) })} description={b.decisionNote} style={{ marginBottom: 16 }} data-testid="eb-rejected" />
      ) : null}
      {b.status === 'cancelled' ? (
        <Alert type="warning" showIcon title={t('eb.cancelledAt', { time: formatDateTime(b.cancelledAt) })} style={{ marginBottom: 16 }} data-testid="eb-cancelled" />
      ) : null}

      {b.status === 'approved' || b.status === 'cancelled' ? <CoveragePanel broadcastId={b.id} /> : null}

      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={t('eb.detail.content')} style={{ marginBottom: 16 }}>
            <Descriptions
              column={1}
              bordered
              size="middle"
              styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
              items={[
                { key: 'type', label: t('eb.form.msgType'), children: <Space><ModeBadge drill={b.drill} /><span>{msgTypeLabel(t, b.msgType)}（MsgType {b.msgType}）</span></Space> },
                { key: 'event', label: t('eb.form.eventType'), children: eventTypeLabel(i18n, b.eventType) },
                { key: 'severity', label: t('eb.form.severity'), children: <SeverityTag severity={b.severity} /> },
                { key: 'title', label: t('eb.form.title'), children: b.title },
                {
                  key: 'text', label: t('eb.form.text'),
                  children: (
                    <Flex vertical gap={4}>
                      <span className={styles.text} data-testid="eb-text-view">{b.text}</span>
                      <Typography.Text type="secondary">{t('eb.chars', { n: [...b.text].length })}</Typography.Text>
                    </Flex>
                  ),
                },
                {
                  key: 'areas', label: t('eb.form.areas'),
                  children: (
                    <Flex vertical gap={4}>
                      <Space wrap size={[4, 4]} data-testid="eb-areas-view">
                        {b.areaCodes.map((code) => (
                          <Tag key={code} title={code}>{areas.data?.get(code) ?? code}</Tag>
                        ))}
                      </Space>
                      <Typography.Text type="secondary">{t('eb.areasN', { n: b.areaCodes.length })}</Typography.Text>
                    </Flex>
                  ),
                },
                { key: 'window', label: t('eb.form.window'), children: `${formatDateTime(b.startAt)} — ${formatDateTime(b.endAt)}` },
                { key: 'audio', label: t('eb.field.audio'), children: b.audio ? <BroadcastAudioView audio={b.audio} /> : t('eb.audio.tts') },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('eb.detail.actions')} style={{ marginBottom: 16 }} data-testid="eb-actions">
            <Flex vertical gap={8}>
              {actions.length ? <Flex wrap gap={8}>{actions}</Flex> : null}
              {b.status === 'approved' && !canAuthor ? <Typography.Text type="secondary" data-testid="eb-cancel-needs-author">{t('eb.cancelNeedsAuthor')}</Typography.Text> : null}
              {!actions.length && !b.signed && !(b.status === 'approved' && !canAuthor) ? <Typography.Text type="secondary">{t('eb.noActions')}</Typography.Text> : null}
              {b.signed ? (
                <Flex wrap gap={8} style={{ marginTop: 8 }}>
                  <Button icon={<DownloadOutlined />} loading={downloading === 'package'} onClick={() => void download('package')} data-testid="eb-download-package">
                    {t('eb.action.package')}
                  </Button>
                  <Button icon={<FileTextOutlined />} loading={downloading === 'cap'} onClick={() => void download('cap')} data-testid="eb-download-cap">
                    {t('eb.action.cap')}
                  </Button>
                </Flex>
              ) : null}
            </Flex>
          </Card>
          <Card title={t('eb.detail.record')}>
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'signed', label: t('eb.field.signed'),
                  children: b.signed ? (
                    <Tag color="success" icon={<SafetyCertificateOutlined />} data-testid="eb-signed">{t('eb.signed.yes')}</Tag>
                  ) : (
                    <Tag data-testid="eb-unsigned">{t('eb.signed.no')}</Tag>
                  ),
                },
                { key: 'ebmid', label: t('eb.field.ebmid'), children: b.ebmid ? <Typography.Text copyable className={styles.mono} data-testid="eb-ebmid">{b.ebmid}</Typography.Text> : t('eb.ebmid.none') },
                {
                  key: 'cancelEbmid', label: t('eb.field.cancelEbmid'),
                  children: b.cancelEbmid ? (
                    <Flex vertical gap={2}>
                      <Typography.Text copyable className={styles.mono} data-testid="eb-cancel-ebmid">{b.cancelEbmid}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {b.status === 'cancelled' ? t('eb.cancelSent') : t('eb.cancelPrepared')}
                      </Typography.Text>
                    </Flex>
                  ) : (
                    t('eb.ebmid.none')
                  ),
                },
                { key: 'author', label: t('eb.field.author'), children: <span data-testid="eb-author">{b.author.name}</span> },
                { key: 'createdAt', label: t('eb.field.createdAt'), children: formatDateTime(b.createdAt) },
                {
                  key: 'approver', label: t('eb.field.approver'),
                  children: b.approver ? <span data-testid="eb-approver">{t('eb.approverAt', { name: b.approver.name, time: formatDateTime(b.approver.at) })}</span> : '—',
                },
                ...(b.decisionNote ? [{ key: 'note', label: t('eb.field.decisionNote'), children: <span className={styles.text}>{b.decisionNote}</span> }] : []),
                ...(b.cancelledAt ? [{ key: 'cancelledAt', label: t('eb.field.cancelledAt'), children: formatDateTime(b.cancelledAt) }] : []),
                { key: 'updatedAt', label: t('eb.field.updatedAt'), children: formatDateTime(b.updatedAt) },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <ActionModal action={action} b={b} areaNames={names} mine={mine} onClose={() => setAction(null)} onDone={done} onError={refused} />
    </>
  );
}
