/**
 * 收到的预警: alerts other platforms sent us (GD/J 083), newest first, filtered by state
 * and searched by title, sender, EBDID or refusal reason. A row opens a drawer with the
 * message, its signature and the XML as received. A new alert can be adopted (it becomes
 * a draft broadcast of our own areas, and the page goes there for the usual two-person
 * approval) or dismissed with a reason. Refused packages are listed too: the operation log.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { EbInbound, EbInboundDetail, EbInboundState, Page } from '../../api/types';
import { navigate } from '../../app/router';
import { useCurrentSession } from '../../app/session';
import { ErrorAlert } from '../../common/ErrorAlert';
import { errorMessage } from '../../common/errors';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n, type MessageKey } from '../../i18n';
import { EB_AUTHOR, eventTypeLabel, ModeBadge, SeverityTag, styles } from './shared';

const STATES: EbInboundState[] = ['new', 'adopted', 'dismissed', 'refused'];
const STATE_COLORS: Record<EbInboundState, string> = { new: 'processing', adopted: 'success', dismissed: 'default', refused: 'error' };

export default function InboundPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message } = App.useApp();
  const { can } = useCurrentSession();
  const [query, setQuery] = useState<{ q: string; state?: EbInboundState; page: number; pageSize: number }>({ q: '', page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const list = useAsync(() => api.get<Page<EbInbound>>('/api/eb/inbound', { q: query.q, state: query.state, page: query.page, pageSize: query.pageSize }), [query]);
  const detail = useAsync(() => (openId ? api.get<EbInboundDetail>(`/api/eb/inbound/${encodeURIComponent(openId)}`) : Promise.resolve(undefined)), [openId]);
  const author = can(EB_AUTHOR);
  const d = detail.data;
  const stateTag = (s: EbInboundState) => <Tag color={STATE_COLORS[s]} data-testid="eb-inbound-state">{t(`eb.inbound.state.${s}` as MessageKey)}</Tag>;

  async function adopt() {
    if (!d) return;
    setBusy(true);
    try {
      const r = await api.post<EbInboundDetail>(`/api/eb/inbound/${encodeURIComponent(d.id)}/adopt`);
      message.success(t('eb.inbound.adopted'));
      navigate(`/emergency/broadcasts/${r.broadcastId}`);
    } catch (err) {
      message.error(errorMessage(err, i18n));
      detail.reload();
    } finally {
      setBusy(false);
    }
  }

  async function dismiss({ reason }: { reason: string }) {
    if (!d) return;
    setBusy(true);
    try {
      await api.post(`/api/eb/inbound/${encodeURIComponent(d.id)}/dismiss`, { reason: reason.trim() });
      message.success(t('eb.inbound.dismissed'));
      setDismissing(false);
      detail.reload();
      list.reload();
    } catch (err) {
      message.error(errorMessage(err, i18n));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={t('nav.ebInbound')} subtitle={t('eb.inbound.subtitle')} extra={<Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>{t('common.refresh')}</Button>} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('eb.inbound.search')} style={{ width: 260 }} onSearch={(v) => setQuery((q) => ({ ...q, q: v.trim(), page: 1 }))} data-testid="eb-inbound-search" />
          <Select allowClear placeholder={t('eb.inbound.allStates')} style={{ width: 160 }} value={query.state} onChange={(v?: EbInboundState) => setQuery((q) => ({ ...q, state: v, page: 1 }))}
            options={STATES.map((s) => ({ value: s, label: t(`eb.inbound.state.${s}` as MessageKey) }))} data-testid="eb-inbound-state-filter" />
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<EbInbound>
          rowKey="id" size="middle" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="eb-inbound-table"
          locale={{ emptyText: t('eb.inbound.empty') }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })) }}
          columns={[
            { title: t('eb.inbound.receivedAt'), dataIndex: 'receivedAt', key: 'receivedAt', width: 160, render: (v: string) => formatDateTime(v) },
            { title: t('eb.col.status'), key: 'state', width: 100, render: (_, r) => stateTag(r.state) },
            {
              title: t('eb.form.title'), key: 'title',
              render: (_, r) => (r.state === 'refused'
                ? <Typography.Text type="danger">{r.reason} · {t('eb.inbound.resultCode', { code: r.resultCode })}</Typography.Text>
                : <Space size={6}>{r.msgType !== null ? <ModeBadge drill={r.msgType >= 3} /> : null}<Typography.Text strong>{r.title}</Typography.Text></Space>),
            },
            { title: t('eb.form.severity'), key: 'severity', width: 120, render: (_, r) => (r.severity !== null ? <SeverityTag severity={r.severity} /> : null) },
            { title: t('eb.inbound.sender'), key: 'sender', width: 230, render: (_, r) => <Flex vertical><span>{r.senderName ?? ''}</span><Typography.Text type="secondary" className={styles.mono} style={{ fontSize: 12 }}>{r.sender ?? '—'}</Typography.Text></Flex> },
          ]}
        />
      </Card>
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size={720} title={d?.title ?? t('eb.inbound.detail')} destroyOnHidden
        extra={d && d.state === 'new' && author && d.msgType !== 2 ? (
          <Space>
            <Button icon={<CloseOutlined />} onClick={() => { form.resetFields(); setDismissing(true); }} disabled={busy} data-testid="eb-inbound-dismiss">{t('eb.inbound.dismiss')}</Button>
            <Button type="primary" icon={<CheckOutlined />} onClick={adopt} loading={busy} data-testid="eb-inbound-adopt">{t('eb.inbound.adopt')}</Button>
          </Space>
        ) : null}
      >
        <ErrorAlert error={detail.error} onRetry={detail.reload} />
        {d ? (
          <>
            {d.state === 'refused' ? <Alert type="error" showIcon title={`${d.reason ?? ''} (ResultCode ${d.resultCode})`} description={d.reasonText} style={{ marginBottom: 16 }} /> : null}
            {d.state === 'new' && author ? <Alert type="info" showIcon title={t('eb.inbound.adoptHelp')} style={{ marginBottom: 16 }} /> : null}
            <Descriptions column={1} size="small" bordered data-testid="eb-inbound-detail">
              <Descriptions.Item label={t('eb.col.status')}>{stateTag(d.state)}</Descriptions.Item>
              <Descriptions.Item label={t('eb.inbound.sender')}>{d.senderName ?? ''} <Typography.Text code>{d.sender ?? '—'}</Typography.Text></Descriptions.Item>
              {d.eventType ? <Descriptions.Item label={t('eb.form.eventType')}>{eventTypeLabel(i18n, d.eventType)}</Descriptions.Item> : null}
              {d.severity !== null ? <Descriptions.Item label={t('eb.form.severity')}><SeverityTag severity={d.severity} /></Descriptions.Item> : null}
              {d.text ? <Descriptions.Item label={t('eb.form.text')}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.text}</Typography.Paragraph></Descriptions.Item> : null}
              {d.areaCodes.length ? <Descriptions.Item label={t('eb.form.areas')}>{d.areaCodes.join(', ')}</Descriptions.Item> : null}
              {d.startAt ? <Descriptions.Item label={t('eb.form.window')}>{formatDateTime(d.startAt)} – {formatDateTime(d.endAt)}</Descriptions.Item> : null}
              <Descriptions.Item label="EBDID"><Typography.Text className={styles.mono}>{d.ebdid ?? '—'}</Typography.Text></Descriptions.Item>
              {d.ebmid ? <Descriptions.Item label="EBMID"><Typography.Text className={styles.mono}>{d.ebmid}</Typography.Text></Descriptions.Item> : null}
              <Descriptions.Item label={t('eb.keys.certSerial')}>{d.certSerial ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('eb.inbound.receivedAt')}>{formatDateTime(d.receivedAt)} · {d.remoteIp ?? ''}</Descriptions.Item>
              {d.decidedBy ? <Descriptions.Item label={t('eb.inbound.decided')}>{d.decidedBy.name} · {formatDateTime(d.decidedAt)}{d.decisionNote ? ` · ${d.decisionNote}` : ''}</Descriptions.Item> : null}
              {d.broadcastId ? <Descriptions.Item label={t('eb.inbound.broadcast')}><a onClick={() => navigate(`/emergency/broadcasts/${d.broadcastId}`)}>{t('common.view')}</a></Descriptions.Item> : null}
            </Descriptions>
            {d.ebdXml ? (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>{t('eb.inbound.xml')}</Typography.Title>
                {/* Shown as text: React escapes it. */}
                <pre className={styles.mono} style={{ maxHeight: 360, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }} data-testid="eb-inbound-xml">{d.ebdXml}</pre>
              </>
            ) : null}
            {d.signatureXml ? <pre className={styles.mono} style={{ maxHeight: 200, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }}>{d.signatureXml}</pre> : null}
          </>
        ) : null}
      </Drawer>
      <Modal open={dismissing} title={t('eb.inbound.dismissTitle')} okText={t('eb.inbound.dismiss')} cancelText={t('common.cancel')} confirmLoading={busy}
        onOk={() => form.submit()} onCancel={() => setDismissing(false)} okButtonProps={{ danger: true, 'data-testid': 'eb-inbound-dismiss-ok' }}>
        <Form form={form} layout="vertical" onFinish={dismiss}>
          <Form.Item name="reason" label={t('eb.inbound.dismissReason')} rules={[{ required: true, whitespace: true, message: t('eb.inbound.dismissReasonRequired') }, { max: 1000 }]}>
            <Input.TextArea rows={3} data-testid="eb-inbound-dismiss-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
