/** Create a resident account (a town or department publishing in the app), or edit one. */
import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { api, ApiError } from '../../api/client';
import type { ResidentAccount } from '../../api/types';
import { AreaPicker } from '../../common/AreaPicker';
import { applyFieldError, errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';

interface Values {
  kind: ResidentAccount['kind'];
  name: string;
  areaCode?: string | null;
  status: ResidentAccount['status'];
}

const FIELDS = ['kind', 'name', 'areaCode', 'status'] as const;
const CODE_FIELDS: Record<string, keyof Values> = { RESIDENT_ACCOUNT_NAME_TAKEN: 'name', AREA_NOT_FOUND: 'areaCode' };

interface Props {
  open: boolean;
  /** null: create. */
  account: ResidentAccount | null;
  onClose(): void;
  onSaved(): void;
}

export function ResidentAccountFormModal({ open, account, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const creating = account === null;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (account) form.setFieldsValue({ kind: account.kind, name: account.name, areaCode: account.areaCode, status: account.status });
  }, [open, account, form]);

  async function submit(values: Values) {
    setSaving(true);
    setFormError(null);
    try {
      const name = values.name.trim();
      if (creating) await api.post('/api/resident-accounts', { kind: values.kind, name, ...(values.areaCode ? { areaCode: values.areaCode } : {}) });
      else await api.patch(`/api/resident-accounts/${account.id}`, { name, areaCode: values.areaCode ?? null, status: values.status });
      message.success(creating ? t('residents.created', { name }) : t('common.saved'));
      onSaved();
    } catch (err) {
      if (applyFieldError(form, err, i18n, FIELDS)) return;
      const field = err instanceof ApiError ? CODE_FIELDS[err.code] : undefined;
      if (field) form.setFields([{ name: field, errors: [errorMessage(err, i18n)] }]);
      else setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={creating ? t('residents.createTitle') : t('residents.editTitle', { name: account.name })}
      okText={creating ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'town', status: 'active' }} style={{ marginTop: 16 }}>
        <Form.Item name="kind" label={t('residents.kind')}>
          <Radio.Group
            disabled={!creating}
            options={[
              { value: 'town', label: t('residents.kind.town') },
              { value: 'department', label: t('residents.kind.department') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('residents.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
          <Input autoComplete="off" placeholder={t('residents.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="areaCode" label={t('residents.area')} extra={t('residents.areaHelp')}>
          <AreaPicker />
        </Form.Item>
        {creating ? null : (
          <Form.Item name="status" label={t('residents.status')}>
            <Radio.Group
              options={[
                { value: 'active', label: t('residents.status.active') },
                { value: 'suspended', label: t('residents.status.suspended') },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
