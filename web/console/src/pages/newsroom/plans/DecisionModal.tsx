/**
 * A decision on a plan: 通过 and 完成 may carry a note; 不通过 and 取消 need one (the
 * proposer reads it on the plan).
 */
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { api, ApiError } from '../../../api/client';
import type { Plan, PlanDecision } from '../../../api/types';
import { errorMessage } from '../../../common/errors';
import { useI18n, type MessageKey } from '../../../i18n';
import { NOTE_REQUIRED } from './shared';

interface Props {
  plan: Plan | null;
  decision: PlanDecision | null;
  onClose(): void;
  onDone(plan: Plan): void;
  /** A refusal the modal cannot fix (the plan changed meanwhile): the drawer reloads. */
  onStale(err: unknown): void;
}

export function DecisionModal({ plan, decision, onClose, onDone, onStale }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ note?: string }>();
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (decision) {
      form.resetFields();
      setFormError(null);
    }
  }, [decision, form]);

  async function submit({ note }: { note?: string }) {
    if (!plan || !decision) return;
    setSending(true);
    setFormError(null);
    try {
      const trimmed = note?.trim();
      const next = await api.post<Plan>(`/api/plans/${plan.id}/decision`, { decision, ...(trimmed ? { note: trimmed } : {}) });
      onDone(next);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PLAN_REASON_REQUIRED') {
        form.setFields([{ name: 'note', errors: [errorMessage(err, i18n)] }]);
      } else if (err instanceof ApiError && (err.code === 'PLAN_INVALID_TRANSITION' || err.code === 'PLAN_NOT_FOUND')) {
        onClose();
        onStale(err);
      } else {
        setFormError(errorMessage(err, i18n));
      }
    } finally {
      setSending(false);
    }
  }

  const required = decision ? NOTE_REQUIRED[decision] : false;
  const negative = decision === 'reject' || decision === 'cancel';
  return (
    <Modal
      open={decision !== null}
      title={decision ? t(`plan.decide.${decision}.title` as MessageKey, { title: plan?.title ?? '' }) : ''}
      okText={decision ? t(`plan.decide.${decision}` as MessageKey) : ''}
      okButtonProps={{ danger: negative, 'data-testid': 'plan-decision-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {decision ? <Alert type={negative ? 'warning' : 'info'} showIcon title={t(`plan.decide.${decision}.help` as MessageKey)} style={{ margin: '12px 0 16px' }} /> : null}
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="note"
          label={required ? t('plan.noteRequired') : t('plan.noteOptional')}
          rules={[
            ...(required ? [{ required: true, whitespace: true, message: t('plan.noteMissing') }] : []),
            { max: 2000, message: t('validation.max', { n: 2000 }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="plan-decision-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
