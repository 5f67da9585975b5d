/**
 * 新建稿件: kind, column and title; creates version 1 and opens the editor. From a story
 * plan (为此选题写稿) it names the plan and starts from the plan's title.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { api } from '../../api/client';
import type { ManuscriptDetail, ManuscriptKind, NewsColumn } from '../../api/types';
import { navigate } from '../../app/router';
import { applyFieldError, errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';
import { kindLabel, KINDS } from './shared';

interface Values {
  kind: ManuscriptKind;
  columnId?: string;
  title: string;
}

interface Props {
  open: boolean;
  columns: NewsColumn[];
  onClose(): void;
  /** The story plan the manuscript is written for. */
  planId?: string;
  initialTitle?: string;
}

export function NewManuscriptModal({ open, columns, onClose, planId, initialTitle }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setFormError(null);
      form.resetFields();
      if (initialTitle) form.setFieldsValue({ title: initialTitle });
    }
  }, [open, form, initialTitle]);

  async function submit(values: Values) {
    setSaving(true);
    setFormError(null);
    try {
      const created = await api.post<ManuscriptDetail>('/api/manuscripts', {
        kind: values.kind,
        ...(values.columnId ? { columnId: values.columnId } : {}),
        ...(planId ? { planId } : {}),
        content: { title: values.title.trim() },
      });
      message.success(t('ms.created'));
      onClose();
      navigate(`/newsroom/manuscripts/${created.id}`);
    } catch (err) {
      // `content.title` from the schema lands on the title field.
      if (applyFieldError(form, err, i18n, ['kind', 'columnId', 'content'])) return;
      setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={planId ? t('plan.writeTitle') : t('ms.createTitle')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'new-manuscript-submit' }}
      destroyOnHidden
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'article' }} style={{ marginTop: 16 }}>
        <Form.Item name="kind" label={t('ms.kind')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))} data-testid="new-manuscript-kind" />
        </Form.Item>
        <Form.Item name="columnId" label={t('ms.column')} extra={t('ms.columnHelp')}>
          <Select
            allowClear
            placeholder={t('ms.noColumn')}
            options={columns.map((c) => ({ value: c.id, label: `${c.name} · ${t('ms.reviewLevels', { n: c.reviewLevels })}` }))}
            data-testid="new-manuscript-column"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('ms.title')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.max', { n: 200 }) }]}
        >
          <Input autoComplete="off" data-testid="new-manuscript-title" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
