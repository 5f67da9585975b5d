/**
 * 对端发送方, inside the trusted-certificates card: each peer platform's highest accepted
 * EBDID sequence and when it last sent. A peer that restarted its counter has every package
 * refused (OUT_OF_ORDER / REPLAYED) until someone holding eb.keys.manage resets it here,
 * with a reason, after a confirm.
 */
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Table, Typography } from 'antd';
import { UndoOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Items } from '../../api/types';
import { errorMessage } from '../../common/errors';
import { ErrorAlert } from '../../common/ErrorAlert';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';

/** GET /api/eb/senders (inbound/schema.ts SenderOut). */
interface PeerSender {
  sender: string;
  senderName: string | null;
  highestSeq: string | null;
  lastEbdid: string | null;
  lastAcceptedAt: string | null;
  lastSeenAt: string;
}

export function PeerSendersSection() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message } = App.useApp();
  const list = useAsync(() => api.get<Items<PeerSender>>('/api/eb/senders').then((r) => r.items), []);
  const [resetting, setResetting] = useState<PeerSender | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  async function reset({ reason }: { reason: string }) {
    if (!resetting) return;
    setBusy(true);
    try {
      await api.post(`/api/eb/senders/${encodeURIComponent(resetting.sender)}/reset`, { reason: reason.trim() });
      message.success(t('eb.senders.resetDone', { sender: resetting.sender }));
      setResetting(null);
    } catch (err) {
      message.error(errorMessage(err, i18n));
    } finally {
      setBusy(false);
      list.reload();
    }
  }

  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t('eb.senders.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('eb.senders.help')}</Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<PeerSender>
        rowKey="sender"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('eb.senders.empty') }}
        data-testid="eb-senders-table"
        columns={[
          {
            title: t('eb.senders.sender'), key: 'sender',
            render: (_, s) => <><Typography.Text code>{s.sender}</Typography.Text>{s.senderName ? <div>{s.senderName}</div> : null}</>,
          },
          { title: t('eb.senders.highestSeq'), dataIndex: 'highestSeq', key: 'highestSeq', width: 190, render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
          { title: t('eb.senders.lastSeen'), dataIndex: 'lastSeenAt', key: 'lastSeenAt', width: 170, render: (v: string) => formatDateTime(v) },
          {
            title: t('common.actions'), key: 'actions', width: 110,
            render: (_, s) => <Button size="small" danger icon={<UndoOutlined />} onClick={() => setResetting(s)} data-testid="eb-sender-reset">{t('eb.senders.reset')}</Button>,
          },
        ]}
      />
      <Modal open={resetting !== null} title={t('eb.senders.resetTitle', { sender: resetting?.sender ?? '' })} okText={t('eb.senders.reset')} cancelText={t('common.cancel')}
        confirmLoading={busy} onOk={() => form.submit()} onCancel={() => setResetting(null)} afterClose={() => form.resetFields()} okButtonProps={{ danger: true, 'data-testid': 'eb-sender-reset-ok' }}>
        <Typography.Paragraph>{t('eb.senders.resetText')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={reset}>
          <Form.Item name="reason" label={t('eb.senders.reason')} rules={[{ required: true, whitespace: true, message: t('eb.senders.reasonRequired') }, { max: 1000 }]}>
            <Input.TextArea rows={3} data-testid="eb-sender-reset-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
