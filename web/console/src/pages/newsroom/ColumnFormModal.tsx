/** Create or edit a column (栏目): code, name, review levels 1–3, display order. */
import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import { api, ApiError } from '../../api/client';
import type { NewsColumn } from '../../api/types';
import { applyFieldError, errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';

interface Values {
  code: string;
  name: string;
  reviewLevels: number;
  sort?: number | null;
}

const FIELDS = ['code', 'name', 'reviewLevels', 'sort'] as const;

export function ColumnFormModal({ open, column, onClose, onSaved }: { open: boolean; column: NewsColumn | null; onClose(): void; onSaved(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const creating = column === null;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (column) form.setFieldsValue({ code: column.code, name: column.name, reviewLevels: column.reviewLevels, sort: column.sort });
  }, [open, column, form]);

  async function submit(values: Values) {
    setSaving(true);
    setFormError(null);
    const body: Record<string, unknown> = { name: values.name.trim(), reviewLevels: values.reviewLevels };
    if (values.sort !== undefined && values.sort !== null) body.sort = values.sort;
    try {
      if (creating) await api.post('/api/columns', { code: values.code.trim(), ...body });
      else await api.patch(`/api/columns/${column.id}`, body);
      message.success(creating ? t('columns.created', { name: values.name.trim() }) : t('common.saved'));
      onSaved();
    } catch (err) {
      if (applyFieldError(form, err, i18n, FIELDS)) return;
      if (err instanceof ApiError && err.code === 'COLUMN_CODE_TAKEN') form.setFields([{ name: 'code', errors: [errorMessage(err, i18n)] }]);
      else setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={creating ? t('columns.createTitle') : t('columns.editTitle', { name: column.name })}
      okText={creating ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'column-submit' }}
      destroyOnHidden
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reviewLevels: 3 }} style={{ marginTop: 16 }}>
        <Form.Item
          name="code"
          label={t('columns.code')}
          extra={creating ? t('columns.codeHelp') : undefined}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 64, message: t('validation.max', { n: 64 }) }, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('columns.codePattern') }]}
        >
          <Input disabled={!creating} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('columns.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="reviewLevels" label={t('columns.reviewLevels')} extra={creating ? undefined : t('columns.reviewLevelsHelp')}>
          <Radio.Group>
            <Space orientation="vertical">
              {[1, 2, 3].map((n) => (
                <Radio value={n} key={n}>{t(`columns.levels.${n}` as 'columns.levels.1')}</Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="sort" label={t('columns.sort')} extra={t('columns.sortHelp')}>
          <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
