/** Create or edit a department (code, name, display order). */
import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal } from 'antd';
import { api, ApiError } from '../../api/client';
import type { Department } from '../../api/types';
import { applyFieldError, errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';

interface Values {
  code: string;
  name: string;
  sort?: number | null;
}

const FIELDS = ['code', 'name', 'sort'] as const;

interface Props {
  open: boolean;
  /** null: create. */
  department: Department | null;
  onClose(): void;
  onSaved(): void;
}

export function DepartmentFormModal({ open, department, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const creating = department === null;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (department) form.setFieldsValue({ code: department.code, name: department.name, sort: department.sort });
  }, [open, department, form]);

  async function submit(values: Values) {
    setSaving(true);
    setFormError(null);
    const body: Record<string, unknown> = { code: values.code.trim(), name: values.name.trim() };
    if (values.sort !== undefined && values.sort !== null) body.sort = values.sort;
    try {
      if (creating) await api.post('/api/departments', body);
      else await api.patch(`/api/departments/${department.id}`, body);
      message.success(creating ? t('departments.created', { name: values.name.trim() }) : t('common.saved'));
      onSaved();
    } catch (err) {
      if (applyFieldError(form, err, i18n, FIELDS)) return;
      if (err instanceof ApiError && err.code === 'DEPARTMENT_CODE_TAKEN') form.setFields([{ name: 'code', errors: [errorMessage(err, i18n)] }]);
      else setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={creating ? t('departments.createTitle') : t('departments.editTitle', { name: department.name })}
      okText={creating ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16 }}>
        <Form.Item
          name="code"
          label={t('departments.code')}
          extra={t('departments.codeHelp')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 64, message: t('validation.max', { n: 64 }) }, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('departments.codePattern') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('departments.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="sort" label={t('departments.sort')} extra={t('departments.sortHelp')}>
          <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
