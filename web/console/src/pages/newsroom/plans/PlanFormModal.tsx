/** 报选题 and 修改选题: title, angle, channels (at least one) and an optional deadline. */
import { useEffect, useState } from 'react';
import { Alert, App, Checkbox, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { Plan } from '../../../api/types';
import { applyFieldError, errorMessage } from '../../../common/errors';
import { useI18n } from '../../../i18n';
import { channelLabel, CHANNELS } from './shared';

interface Values {
  title: string;
  angle?: string;
  channels: string[];
  deadline?: Dayjs | null;
}

interface Props {
  open: boolean;
  /** The plan to change; null proposes a new one. */
  plan: Plan | null;
  onClose(): void;
  onSaved(plan: Plan): void;
}

export function PlanFormModal({ open, plan, onClose, onSaved }: Props) {
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
    if (plan) form.setFieldsValue({ title: plan.title, angle: plan.angle, channels: plan.channels, deadline: plan.deadline ? dayjs(plan.deadline) : null });
  }, [open, plan, form]);

  async function submit(values: Values) {
    setSaving(true);
    setFormError(null);
    const body = {
      title: values.title.trim(),
      angle: (values.angle ?? '').trim(),
      channels: CHANNELS.filter((c) => values.channels.includes(c)),
      // A cleared deadline is removed when changing a plan, and simply left out when proposing.
      ...(values.deadline ? { deadline: values.deadline.toISOString() } : plan ? { deadline: null } : {}),
    };
    try {
      const saved = plan ? await api.patch<Plan>(`/api/plans/${plan.id}`, body) : await api.post<Plan>('/api/plans', body);
      message.success(plan ? t('plan.saved') : t('plan.proposed', { title: saved.title }));
      onSaved(saved);
    } catch (err) {
      if (applyFieldError(form, err, i18n, ['title', 'angle', 'channels', 'deadline'])) return;
      setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={plan ? t('plan.editTitle') : t('plan.proposeTitle')}
      okText={plan ? t('common.save') : t('plan.proposeSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'plan-form-submit' }}
      width={600}
      destroyOnHidden
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ channels: ['app'] }} style={{ marginTop: 16 }}>
        <Form.Item
          name="title"
          label={t('plan.title')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.max', { n: 200 }) }]}
        >
          <Input autoComplete="off" placeholder={t('plan.titlePlaceholder')} data-testid="plan-form-title" />
        </Form.Item>
        <Form.Item name="angle" label={t('plan.angle')} extra={t('plan.angleHelp')} rules={[{ max: 2000, message: t('validation.max', { n: 2000 }) }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="plan-form-angle" />
        </Form.Item>
        <Form.Item name="channels" label={t('plan.channels')} rules={[{ required: true, type: 'array', min: 1, message: t('plan.channelsRequired') }]}>
          <Checkbox.Group options={CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))} data-testid="plan-form-channels" />
        </Form.Item>
        <Form.Item name="deadline" label={t('plan.deadline')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 240 }} data-testid="plan-form-deadline" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
