/**
 * 发布更正 (GD/J 082 RelatedInfo): a sent broadcast's correction in one action. The dialog
 * starts from its title and text marked 【更正】 for the author to fix; the server makes a
 * draft with the same type (a drill's correction stays a drill), areas, event and severity,
 * starting now, and its speech is made again at submit. The page then opens the draft:
 * submit it, and a second person approves; approved, it replaces the original on air.
 */
import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Broadcast } from '../../api/types';
import { navigate } from '../../app/router';
import { errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';
import { ModeBanner } from './shared';

const MARK = '【更正】';
const marked = (s: string) => (s.startsWith(MARK) ? s : MARK + s);

interface Values {
  title: string;
  text: string;
}

export function CorrectionAction({ b, large }: { b: Broadcast; large?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function start() {
    form.setFieldsValue({ title: marked(b.title).slice(0, 100), text: marked(b.text).slice(0, 4000) });
    setError(null);
    setOpen(true);
  }

  async function create(v: Values) {
    setSending(true);
    setError(null);
    try {
      const draft = await api.post<Broadcast>(`/api/eb/broadcasts/${encodeURIComponent(b.id)}/correction`, { title: v.title.trim(), text: v.text.trim() });
      message.success(t('eb.done.correct'));
      setOpen(false);
      navigate(`/emergency/broadcasts/${draft.id}`);
    } catch (err) {
      setError(errorMessage(err, i18n));
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <Button
        size={large ? 'large' : undefined}
        icon={<EditOutlined />}
        onClick={start}
        style={large ? { height: 56, padding: '0 24px', fontSize: 18, fontWeight: 600 } : undefined}
        data-testid="eb-correct"
      >
        {t('eb.action.correct')}
      </Button>
      <Modal
        open={open}
        title={t('eb.correct.title')}
        width={640}
        okText={t('eb.correct.ok')}
        okButtonProps={{ loading: sending, 'data-testid': 'eb-correct-ok' }}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Flex vertical gap={12} style={{ marginTop: 12 }}>
          <ModeBanner msgType={b.msgType} compact />
          <Alert type="info" showIcon title={t('eb.correct.help', { ebmid: b.ebmid ?? '' })} />
          {error ? <Alert type="error" showIcon title={error} data-testid="eb-correct-error" /> : null}
          <Form form={form} layout="vertical" onFinish={(v) => void create(v)}>
            <Form.Item name="title" label={t('eb.form.title')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} showCount data-testid="eb-correct-title" />
            </Form.Item>
            <Form.Item name="text" label={t('eb.form.text')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={6} maxLength={4000} showCount data-testid="eb-correct-text" />
            </Form.Item>
          </Form>
        </Flex>
      </Modal>
    </>
  );
}
