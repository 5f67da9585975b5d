/**
 * 新增授权: the county grants a town or village (and everything inside it) the right to
 * broadcast: real sends and / or drills, up to a severity, from now or a given time,
 * until revoked or a given end. The server refuses the county itself and unknown areas.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { EbGrant } from '../../../api/types';
import { AreaPicker } from '../../../common/AreaPicker';
import { applyFieldError, errorMessage } from '../../../common/errors';
import { useI18n } from '../../../i18n';
import { severityLabel } from '../shared';

interface Values {
  areaCode: string | null;
  kinds: ('real' | 'drill')[];
  maxSeverity: number;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  note?: string;
}

export function GrantFormModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(g: EbGrant): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
  }, [open, form]);

  async function submit(v: Values) {
    setSaving(true);
    setFormError(null);
    try {
      const g = await api.post<EbGrant>('/api/eb/grants', {
        areaCode: v.areaCode, mayReal: v.kinds.includes('real'), mayDrill: v.kinds.includes('drill'), maxSeverity: v.maxSeverity,
        ...(v.validFrom ? { validFrom: v.validFrom.toISOString() } : {}),
        ...(v.validTo ? { validTo: v.validTo.toISOString() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(t('eb.grants.granted', { area: g.areaName }));
      onDone(g);
    } catch (err) {
      if (applyFieldError(form, err, i18n, ['areaCode', 'validTo', 'validFrom', 'maxSeverity'])) return;
      setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('eb.grants.new')}
      okText={t('eb.grants.grant')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'eb-grant-submit' }}
      width={560}
      destroyOnHidden
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kinds: ['drill'], maxSeverity: 3 }} style={{ marginTop: 16 }}>
        <Form.Item name="areaCode" label={t('eb.grants.area')} extra={t('eb.grants.areaHelp')} rules={[{ required: true, message: t('validation.required') }]}>
          <AreaPicker />
        </Form.Item>
        <Form.Item name="kinds" label={t('eb.grants.kinds')} rules={[{ required: true, type: 'array', min: 1, message: t('eb.grants.kindsRequired') }]}>
          <Checkbox.Group options={[{ value: 'drill', label: t('eb.grants.drill') }, { value: 'real', label: t('eb.grants.real') }]} data-testid="eb-grant-kinds" />
        </Form.Item>
        <Form.Item name="maxSeverity" label={t('eb.grants.maxSeverity')} extra={t('eb.grants.maxSeverityHelp')}>
          <Select style={{ width: 240 }} options={[1, 2, 3, 4].map((s) => ({ value: s, label: `${severityLabel(t, s)} ${t('eb.grants.andBelow')}` }))} data-testid="eb-grant-severity" />
        </Form.Item>
        <Form.Item name="validFrom" label={t('eb.grants.validFrom')} extra={t('eb.grants.validFromHelp')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="validTo" label={t('eb.grants.validTo')} extra={t('eb.grants.validToHelp')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="note" label={t('eb.grants.note')}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
