/**
 * 新增授权: the county grants a town or village (and everything inside it) the right to
 * broadcast: real sends and / or drills, up to a severity, from now or a given time,
 * until revoked or a given end. The server refuses the county itself and unknown areas.
 */
import { Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { EbGrant } from '../../../api/types';
import { AreaPicker } from '../../../common/AreaPicker';
import { FormError, useFormModal } from '../../../common/useFormModal';
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

const FIELDS = ['areaCode', 'validTo', 'validFrom', 'maxSeverity'] as const;

export function GrantFormModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(g: EbGrant): void }) {
  const { t } = useI18n();
  // A grant is only ever created: revoking is its own action, and nothing else changes.
  const { form, formError, submit, modalProps } = useFormModal<never, Values, EbGrant>({
    open,
    record: null,
    fields: FIELDS,
    async save(v) {
      const g = await api.post<EbGrant>('/api/eb/grants', {
        areaCode: v.areaCode, mayReal: v.kinds.includes('real'), mayDrill: v.kinds.includes('drill'), maxSeverity: v.maxSeverity,
        ...(v.validFrom ? { validFrom: v.validFrom.toISOString() } : {}),
        ...(v.validTo ? { validTo: v.validTo.toISOString() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      return { said: t('eb.grants.granted', { area: g.areaName }), saved: g };
    },
    onClose,
    onSaved: onDone,
  });

  return (
    <Modal
      {...modalProps}
      title={t('eb.grants.new')}
      okText={t('eb.grants.grant')}
      okButtonProps={{ 'data-testid': 'eb-grant-submit' }}
      width={560}
    >
      <FormError text={formError} />
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
