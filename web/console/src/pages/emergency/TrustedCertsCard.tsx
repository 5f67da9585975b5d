/**
 * 受信任证书 (GD/J 081 authorization list): the sender certificates whose signatures this
 * platform accepts on incoming alerts. Holders of eb.keys.manage add one (serial, SM2
 * public key, holder, validity) or revoke one after a confirm; revoked ones stay listed.
 * They also see the peer senders' replay state and reset a peer (PeerSendersSection).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client';
import type { EbTrustedCert, Items } from '../../api/types';
import { applyFieldError, errorMessage } from '../../common/errors';
import { ErrorAlert } from '../../common/ErrorAlert';
import { useAsync } from '../../common/useAsync';
import { useI18n, type MessageKey } from '../../i18n';
import { PeerSendersSection } from './PeerSendersSection';
import { styles } from './shared';

const STATE_COLORS: Record<EbTrustedCert['state'], string> = { valid: 'success', expired: 'warning', notYetValid: 'processing', revoked: 'error' };

interface CertForm {
  certSerial: string;
  publicKey: string;
  subject: string;
  validity: [Dayjs, Dayjs];
}

export function TrustedCertsCard({ manage }: { manage: boolean }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message, modal } = App.useApp();
  const list = useAsync(() => api.get<Items<EbTrustedCert>>('/api/eb/certs').then((r) => r.items), []);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<CertForm>();

  useEffect(() => {
    if (!adding) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue({ validity: [dayjs(), dayjs().add(5, 'year')] });
  }, [adding, form]);

  async function add(v: CertForm) {
    setSaving(true);
    setFormError(null);
    try {
      const c = await api.post<EbTrustedCert>('/api/eb/certs', {
        certSerial: v.certSerial.trim(), publicKey: v.publicKey.replace(/\s+/g, ''), subject: v.subject.trim(),
        validFrom: v.validity[0].toISOString(), validTo: v.validity[1].toISOString(),
      });
      message.success(t('eb.certs.added', { serial: c.certSerial }));
      setAdding(false);
      list.reload();
    } catch (err) {
      if (!applyFieldError(form, err, i18n, ['certSerial', 'publicKey', 'subject'])) setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  function revoke(c: EbTrustedCert) {
    modal.confirm({
      title: t('eb.certs.revokeTitle', { serial: c.certSerial }),
      content: <Typography.Paragraph style={{ marginTop: 8 }}>{t('eb.certs.revokeText', { subject: c.subject })}</Typography.Paragraph>,
      okText: t('eb.certs.revoke'),
      okButtonProps: { danger: true, 'data-testid': 'eb-cert-revoke-ok' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post(`/api/eb/certs/${encodeURIComponent(c.certSerial)}/revoke`);
          message.success(t('eb.certs.revoked', { serial: c.certSerial }));
        } catch (err) {
          message.error(errorMessage(err, i18n));
        } finally {
          list.reload();
        }
      },
    });
  }

  return (
    <Card
      title={t('eb.certs.title')}
      style={{ marginTop: 16 }}
      extra={manage ? <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="eb-cert-add">{t('eb.certs.add')}</Button> : null}
    >
      <Typography.Paragraph type="secondary">{t('eb.certs.help')}</Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<EbTrustedCert>
        rowKey="certSerial"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('eb.certs.empty') }}
        data-testid="eb-certs-table"
        columns={[
          { title: t('eb.keys.certSerial'), dataIndex: 'certSerial', key: 'certSerial', width: 160, render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
          { title: t('eb.certs.subject'), dataIndex: 'subject', key: 'subject', width: 220 },
          { title: t('eb.keys.state'), key: 'state', width: 100, render: (_, c) => <Tag color={STATE_COLORS[c.state]}>{t(`eb.certs.state.${c.state}` as MessageKey)}</Tag> },
          {
            title: t('eb.keys.publicKey'), dataIndex: 'publicKey', key: 'publicKey',
            render: (pk: string) => (
              <Typography.Paragraph className={styles.mono} style={{ margin: 0, fontSize: 12 }} copyable={{ text: pk }} ellipsis={{ rows: 1, expandable: true, symbol: t('common.more') }}>{pk}</Typography.Paragraph>
            ),
          },
          { title: t('eb.certs.validity'), key: 'validity', width: 200, render: (_, c) => `${formatDateTime(c.validFrom)} – ${formatDateTime(c.validTo)}` },
          ...(manage ? [{
            title: t('common.actions'), key: 'actions', width: 90,
            render: (_: unknown, c: EbTrustedCert) => (c.revokedAt ? null : (
              <Button size="small" danger icon={<StopOutlined />} onClick={() => revoke(c)} data-testid="eb-cert-revoke">{t('eb.certs.revoke')}</Button>
            )),
          }] : []),
        ]}
      />
      {manage ? <PeerSendersSection /> : null}
      <Modal open={adding} title={t('eb.certs.add')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={() => setAdding(false)} okButtonProps={{ 'data-testid': 'eb-cert-save' }} width={600} destroyOnHidden>
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical" onFinish={add} requiredMark={false}>
          <Form.Item name="certSerial" label={t('eb.keys.certSerial')} rules={[{ required: true, pattern: /^[0-9A-Fa-f]{12}$/, message: t('eb.certs.serialRule') }]}>
            <Input maxLength={12} placeholder="A1B2C3D4E5F6" data-testid="eb-cert-serial" />
          </Form.Item>
          <Form.Item name="publicKey" label={t('eb.keys.publicKey')} rules={[{ required: true, pattern: /^\s*04[0-9A-Fa-f\s]{128,}$/, message: t('eb.certs.keyRule') }]}>
            <Input.TextArea rows={3} className={styles.mono} placeholder="04…" data-testid="eb-cert-key" />
          </Form.Item>
          <Form.Item name="subject" label={t('eb.certs.subject')} extra={t('eb.certs.subjectHelp')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input data-testid="eb-cert-subject" />
          </Form.Item>
          <Form.Item name="validity" label={t('eb.certs.validity')} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
