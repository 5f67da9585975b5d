/** 退回 / 不通过: both need a reason, which the author reads in the review flow. */
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../common/errors';
import { useI18n } from '../../../i18n';

export type ReasonAction = 'return' | 'reject';

interface Props {
  action: ReasonAction | null;
  onClose(): void;
  /** Sends the decision; throws the server's refusal. */
  onSubmit(action: ReasonAction, reason: string): Promise<void>;
  /** A refusal this modal cannot fix (the manuscript changed): the page handles it. */
  onError(err: unknown): void;
}

export function ReasonModal({ action, onClose, onSubmit, onError }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ reason: string }>();
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (action) {
      form.resetFields();
      setFormError(null);
    }
  }, [action, form]);

  async function submit({ reason }: { reason: string }) {
    if (!action) return;
    setSending(true);
    setFormError(null);
    try {
      await onSubmit(action, reason.trim());
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'REVIEW_REASON_REQUIRED') {
        form.setFields([{ name: 'reason', errors: [errorMessage(err, i18n)] }]);
      } else if (err instanceof ApiError && (err.code === 'MANUSCRIPT_VERSION_CONFLICT' || err.code === 'REVIEW_INVALID_TRANSITION')) {
        onClose();
        onError(err);
      } else {
        setFormError(errorMessage(err, i18n));
      }
    } finally {
      setSending(false);
    }
  }

  const rejecting = action === 'reject';
  return (
    <Modal
      open={action !== null}
      title={rejecting ? t('review.rejectTitle') : t('review.returnTitle')}
      okText={rejecting ? t('review.reject') : t('review.return')}
      okButtonProps={{ danger: true, 'data-testid': 'reason-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type={rejecting ? 'error' : 'warning'} showIcon title={rejecting ? t('review.rejectHelp') : t('review.returnHelp')} style={{ margin: '12px 0 16px' }} />
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('review.reason')}
          rules={[{ required: true, whitespace: true, message: t('review.reasonRequired') }, { max: 2000, message: t('validation.max', { n: 2000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
