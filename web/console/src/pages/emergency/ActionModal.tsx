/**
 * The confirm dialog of every step a broadcast takes: submit, approve, reject, cancel
 * (the prepared signed cancel of an approved broadcast) and withdraw (a draft or
 * pending one). Each shows the DRILL or REAL banner and what is being sent where, so
 * nobody confirms a real send believing it a drill. Reject needs a note.
 */
import { useEffect, useState } from 'react';
import { Alert, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { api, ApiError } from '../../api/client';
import type { Broadcast } from '../../api/types';
import { errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';
import { eventTypeLabel, ModeBanner, SeverityTag, styles } from './shared';

export type EbAction = 'submit' | 'approve' | 'reject' | 'cancel' | 'withdraw';

/** Refusals the dialog cannot fix: the page shows them (and reloads). */
const PAGE_ERRORS = ['EB_APPROVER_IS_AUTHOR', 'EB_INVALID_TRANSITION', 'EB_BROADCAST_NOT_FOUND', 'PERMISSION_DENIED'];

interface Props {
  action: EbAction | null;
  b: Broadcast;
  areaNames: string[];
  /** The current user wrote this broadcast. */
  mine: boolean;
  onClose(): void;
  onDone(action: EbAction, updated: Broadcast): void;
  onError(action: EbAction, err: unknown): void;
}

async function send(action: EbAction, id: string, note: string | undefined): Promise<Broadcast> {
  const base = `/api/eb/broadcasts/${encodeURIComponent(id)}`;
  switch (action) {
    case 'submit':
      return api.post<Broadcast>(`${base}/submit`);
    case 'approve':
      return api.post<Broadcast>(`${base}/decision`, { approve: true, ...(note ? { note } : {}) });
    case 'reject':
      return api.post<Broadcast>(`${base}/decision`, { approve: false, note });
    case 'cancel':
    case 'withdraw':
      return api.post<Broadcast>(`${base}/cancel`, note ? { reason: note } : {});
  }
}

export function ActionModal({ action, b, areaNames, mine, onClose, onDone, onError }: Props) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [form] = Form.useForm<{ note?: string }>();
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (action) {
      form.resetFields();
      setFormError(null);
    }
  }, [action, form]);

  async function submit({ note }: { note?: string }) {
    if (!action) return;
    setSending(true);
    setFormError(null);
    try {
      const updated = await send(action, b.id, note?.trim() || undefined);
      onDone(action, updated);
    } catch (err) {
      if (err instanceof ApiError && PAGE_ERRORS.includes(err.code)) {
        onClose();
        onError(action, err);
      } else {
        setFormError(errorMessage(err, i18n));
      }
    } finally {
      setSending(false);
    }
  }

  const real = !b.drill;
  let title = '';
  let okText = '';
  let danger = false;
  let help: { type: 'info' | 'warning' | 'error'; text: string } | null = null;
  let noteField: { label: string; required: boolean } | null = null;
  switch (action) {
    case 'submit':
      title = t('eb.confirm.submitTitle');
      okText = t('eb.action.submit');
      help = { type: real ? 'warning' : 'info', text: real ? t('eb.confirm.submitReal') : t('eb.confirm.submitText') };
      break;
    case 'approve':
      title = t('eb.confirm.approveTitle');
      okText = real ? t('eb.action.approveReal') : t('eb.action.approveDrill');
      danger = real;
      help = real ? { type: 'error', text: t('eb.confirm.approveReal') } : { type: 'info', text: t('eb.confirm.approveDrill') };
      noteField = { label: t('eb.confirm.approveNote'), required: false };
      break;
    case 'reject':
      title = t('eb.confirm.rejectTitle');
      okText = t('eb.action.reject');
      danger = true;
      help = { type: 'warning', text: t('eb.confirm.rejectText') };
      noteField = { label: t('eb.confirm.rejectNote'), required: true };
      break;
    case 'cancel':
      title = t('eb.confirm.cancelTitle');
      okText = t('eb.action.cancelNow');
      danger = true;
      help = { type: 'error', text: t('eb.confirm.cancelText', { ebmid: b.cancelEbmid ?? '—' }) };
      noteField = { label: t('eb.confirm.reason'), required: false };
      break;
    case 'withdraw':
      title = t('eb.confirm.withdrawTitle');
      okText = t('eb.action.withdraw');
      danger = true;
      help = { type: 'warning', text: t('eb.confirm.withdrawText') };
      noteField = { label: t('eb.confirm.reason'), required: false };
      break;
    default:
      break;
  }

  return (
    <Modal
      open={action !== null}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, 'data-testid': 'eb-confirm-ok' }}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <div data-testid="eb-confirm-body">
        <div style={{ margin: '12px 0' }}>
          <ModeBanner msgType={b.msgType} compact />
        </div>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'title', label: t('eb.form.title'), children: <Typography.Text strong>{b.title}</Typography.Text> },
            { key: 'severity', label: t('eb.form.severity'), children: <SeverityTag severity={b.severity} /> },
            { key: 'event', label: t('eb.form.eventType'), children: eventTypeLabel(i18n, b.eventType) },
            { key: 'areas', label: t('eb.form.areas'), children: <span data-testid="eb-confirm-areas">{areaNames.join('、')}</span> },
            { key: 'window', label: t('eb.form.window'), children: `${formatDateTime(b.startAt)} — ${formatDateTime(b.endAt)}` },
            ...(action === 'cancel' ? [{ key: 'cancel', label: t('eb.field.cancelEbmid'), children: <span className={styles.mono}>{b.cancelEbmid ?? '—'}</span> }] : []),
          ]}
        />
        {help ? <Alert type={help.type} showIcon title={help.text} style={{ marginTop: 12 }} data-testid="eb-confirm-help" /> : null}
        {action === 'approve' && real && mine ? (
          <Alert type="error" showIcon title={t('eb.ownReal')} style={{ marginTop: 12 }} data-testid="eb-confirm-own" />
        ) : null}
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginTop: 12 }} data-testid="eb-confirm-error" /> : null}
        <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16 }}>
          {noteField ? (
            <Form.Item
              name="note"
              label={noteField.label}
              rules={[
                ...(noteField.required ? [{ required: true, whitespace: true, message: t('eb.confirm.rejectNoteRequired') }] : []),
                { max: 1000, message: t('validation.max', { n: 1000 }) },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="eb-confirm-note" />
            </Form.Item>
          ) : null}
        </Form>
      </div>
    </Modal>
  );
}
