/** 报选题 and 修改选题: title, angle, channels (at least one) and an optional deadline. */
import { Checkbox, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { Plan } from '../../../api/types';
import { FormError, useFormModal } from '../../../common/useFormModal';
import { useI18n } from '../../../i18n';
import { channelLabel, CHANNELS } from './shared';

interface Values {
  title: string;
  angle?: string;
  channels: string[];
  deadline?: Dayjs | null;
}

const FIELDS = ['title', 'angle', 'channels', 'deadline'] as const;

interface Props {
  open: boolean;
  /** The plan to change; null proposes a new one. */
  plan: Plan | null;
  onClose(): void;
  onSaved(plan: Plan): void;
}

export function PlanFormModal({ open, plan, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { form, formError, submit, modalProps } = useFormModal<Plan, Values, Plan>({
    open,
    record: plan,
    values: (p) => ({ title: p.title, angle: p.angle, channels: p.channels, deadline: p.deadline ? dayjs(p.deadline) : null }),
    fields: FIELDS,
    async save(values) {
      const body = {
        title: values.title.trim(),
        angle: (values.angle ?? '').trim(),
        channels: CHANNELS.filter((c) => values.channels.includes(c)),
        // A cleared deadline is removed when changing a plan, and simply left out when proposing.
        ...(values.deadline ? { deadline: values.deadline.toISOString() } : plan ? { deadline: null } : {}),
      };
      const saved = plan ? await api.patch<Plan>(`/api/plans/${plan.id}`, body) : await api.post<Plan>('/api/plans', body);
      return { said: plan ? t('plan.saved') : t('plan.proposed', { title: saved.title }), saved };
    },
    onClose,
    onSaved,
  });

  return (
    <Modal
      {...modalProps}
      title={plan ? t('plan.editTitle') : t('plan.proposeTitle')}
      okText={plan ? t('common.save') : t('plan.proposeSubmit')}
      okButtonProps={{ 'data-testid': 'plan-form-submit' }}
      width={600}
    >
      <FormError text={formError} />
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
