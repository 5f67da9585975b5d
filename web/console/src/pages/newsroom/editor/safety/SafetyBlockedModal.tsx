/**
 * 签发被拦截: the sign-off met "block" findings (409 SAFETY_BLOCKED). They are listed; the
 * sign-off authority may 强制签发 with a reason, which resends the approval with
 * `override: { reason }` and is written to the audit log on the server.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { ApiError } from '../../../../api/client';
import type { SafetyFinding } from '../../../../api/types';
import { errorMessage } from '../../../../common/errors';
import { useI18n } from '../../../../i18n';
import { fieldWord, LEVEL_COLORS, levelWord, ruleWord, sortFindings } from './labels';

export interface Blocked {
  findings: SafetyFinding[];
  rulesVersion: number | null;
}

/** The findings of a SAFETY_BLOCKED refusal, or null for any other error. */
export function blockedBy(err: unknown): Blocked | null {
  if (!(err instanceof ApiError) || err.code !== 'SAFETY_BLOCKED') return null;
  const findings = Array.isArray(err.details?.findings) ? (err.details.findings as SafetyFinding[]) : [];
  const version = err.details?.rulesVersion;
  return { findings, rulesVersion: typeof version === 'number' ? version : null };
}

interface Props {
  blocked: Blocked | null;
  /** The user holds the sign-off level: may override. */
  canOverride: boolean;
  onClose(): void;
  /** Signs off with the reason; throws the refusal. */
  onOverride(reason: string): Promise<void>;
  /** A refusal this modal cannot fix (the manuscript changed meanwhile): the page handles it. */
  onError(err: unknown): void;
}

export function SafetyBlockedModal({ blocked, canOverride, onClose, onOverride, onError }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ reason: string }>();
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (blocked) {
      form.resetFields();
      setFormError(null);
    }
  }, [blocked, form]);

  async function submit({ reason }: { reason: string }) {
    setSending(true);
    setFormError(null);
    try {
      await onOverride(reason.trim());
      onClose();
    } catch (err) {
      if (blockedBy(err)) {
        setFormError(errorMessage(err, i18n));
      } else if (err instanceof ApiError && ['MANUSCRIPT_VERSION_CONFLICT', 'REVIEW_INVALID_TRANSITION', 'REVIEW_LEVEL_FORBIDDEN'].includes(err.code)) {
        onClose();
        onError(err);
      } else if (err instanceof ApiError && err.field?.includes('override')) {
        form.setFields([{ name: 'reason', errors: [errorMessage(err, i18n)] }]);
      } else {
        setFormError(errorMessage(err, i18n));
      }
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open={blocked !== null}
      title={t('safety.blockedTitle')}
      onCancel={onClose}
      width={600}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{canOverride ? t('common.cancel') : t('common.close')}</Button>
          {canOverride ? (
            <Button danger type="primary" loading={sending} onClick={() => form.submit()} data-testid="override-submit">
              {t('safety.override')}
            </Button>
          ) : null}
        </Space>
      }
      data-testid="safety-blocked"
    >
      <Alert
        type="error"
        showIcon
        style={{ margin: '12px 0' }}
        title={t('safety.blockedText', { n: blocked?.findings.length ?? 0 })}
        description={blocked?.rulesVersion ? t('safety.rulesVersion', { n: blocked.rulesVersion }) : undefined}
      />
      <List
        size="small"
        bordered
        dataSource={blocked ? sortFindings(blocked.findings) : []}
        style={{ marginBottom: 16, maxHeight: 260, overflowY: 'auto' }}
        renderItem={(f) => (
          <List.Item data-testid="blocked-finding" data-word={f.word}>
            <Space size={6} wrap>
              <Tag color={LEVEL_COLORS[f.level]} style={{ marginInlineEnd: 0 }}>{levelWord(t, f.level)}</Tag>
              <Typography.Text strong>{f.word}</Typography.Text>
              <Typography.Text type="secondary">{ruleWord(t, f.rule)} · {fieldWord(t, f.field)}{f.category ? ` · ${f.category}` : ''}</Typography.Text>
              {f.suggestion ? <Typography.Text>{t('safety.suggestion', { text: f.suggestion })}</Typography.Text> : null}
            </Space>
          </List.Item>
        )}
      />
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      {canOverride ? (
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="reason"
            label={t('safety.overrideReason')}
            extra={t('safety.overrideHelp')}
            rules={[{ required: true, whitespace: true, message: t('safety.overrideReasonRequired') }, { max: 2000, message: t('validation.max', { n: 2000 }) }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="override-reason" />
          </Form.Item>
        </Form>
      ) : (
        <Typography.Paragraph type="secondary">{t('safety.fixFirst')}</Typography.Paragraph>
      )}
    </Modal>
  );
}
