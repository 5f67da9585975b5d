/**
 * 导入: words pasted or read from a .txt file, one a line, `word<TAB>level<TAB>category`
 * (level and category optional; `#` starts a comment), merged into the current list
 * or replacing it. The server saves the result as a new version.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../api/client';
import type { SafetyLevel, SafetyRules } from '../../../api/types';
import { errorMessage } from '../../../common/errors';
import { useI18n } from '../../../i18n';
import { levelWord } from '../editor/safety/labels';

interface Values {
  text: string;
  level: SafetyLevel;
  mode: 'merge' | 'replace';
  note?: string;
}

/** Lines that hold a word (not blank, not a comment). */
export function countWordLines(text: string): number {
  return text.split(/\r?\n/).filter((line) => line.replace(/#.*$/, '').trim()).length;
}

const MAX_FILE_BYTES = 16 * 1024 * 1024;

interface Props {
  open: boolean;
  baseVersion: number;
  /** Unsaved edits on the page, which an import (from the saved version) leaves behind. */
  dirty: boolean;
  onClose(): void;
  onImported(rules: SafetyRules): void;
  onConflict(err: ApiError): void;
}

export function ImportModal({ open, baseVersion, dirty, onClose, onImported, onConflict }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const text = Form.useWatch('text', form) ?? '';
  const mode = Form.useWatch('mode', form);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setFormError(null);
    }
  }, [open, form]);

  async function readFile(file: File) {
    if (file.size > MAX_FILE_BYTES) {
      setFormError(t('rules.importTooLarge'));
      return;
    }
    // GB18030 files are common from older tools: fall back when the text is not UTF-8.
    const bytes = await file.arrayBuffer();
    let content: string;
    try {
      content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      content = new TextDecoder('gb18030').decode(bytes);
    }
    form.setFieldsValue({ text: content.replace(/^\uFEFF/, '') });
    setFormError(null);
  }

  async function submit(values: Values) {
    setSending(true);
    setFormError(null);
    try {
      // Without a note the version says what happened, in the user's words rather than the server's.
      const note = values.note?.trim() || t(values.mode === 'replace' ? 'rules.importNoteReplace' : 'rules.importNoteMerge', { n: countWordLines(values.text) });
      const rules = await api.post<SafetyRules>('/api/safety/rules/import', { baseVersion, text: values.text, level: values.level, mode: values.mode, note });
      onImported(rules);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SAFETY_RULES_VERSION_CONFLICT') {
        onClose();
        onConflict(err);
      } else {
        setFormError(errorMessage(err, i18n));
      }
    } finally {
      setSending(false);
    }
  }

  const lines = countWordLines(text);
  return (
    <Modal
      open={open}
      title={t('rules.importTitle')}
      okText={t('rules.importSubmit', { n: lines })}
      okButtonProps={{ disabled: lines === 0, danger: mode === 'replace', 'data-testid': 'import-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {dirty ? <Alert type="warning" showIcon title={t('rules.importDiscards')} style={{ margin: '12px 0' }} /> : null}
      {formError ? <Alert type="error" showIcon title={formError} style={{ margin: '12px 0' }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ level: 'block', mode: 'merge', text: '' }} style={{ marginTop: 16 }}>
        <Form.Item
          name="text"
          label={t('rules.importText')}
          extra={<Typography.Text type="secondary">{t('rules.importFormat')}</Typography.Text>}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 14 }} placeholder={'示例词\tblock\t示例\n据说\treview'} style={{ fontFamily: 'monospace' }} data-testid="import-text" />
        </Form.Item>
        <Upload accept=".txt,text/plain" showUploadList={false} beforeUpload={(file) => { void readFile(file); return false; }}>
          <Button icon={<UploadOutlined />} style={{ marginBottom: 16 }} data-testid="import-file">{t('rules.importFile')}</Button>
        </Upload>
        <Form.Item name="level" label={t('rules.importLevel')} extra={t('rules.importLevelHelp')}>
          <Radio.Group options={(['block', 'review'] as const).map((l) => ({ value: l, label: levelWord(t, l) }))} />
        </Form.Item>
        <Form.Item name="mode" label={t('rules.importMode')}>
          <Radio.Group
            options={[
              { value: 'merge', label: t('rules.importMerge') },
              { value: 'replace', label: t('rules.importReplace') },
            ]}
          />
        </Form.Item>
        {mode === 'replace' ? <Alert type="warning" showIcon title={t('rules.importReplaceWarn')} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="note" label={t('rules.versionNote')} rules={[{ max: 500, message: t('validation.max', { n: 500 }) }]}>
          <Input autoComplete="off" placeholder={t('rules.versionNotePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
