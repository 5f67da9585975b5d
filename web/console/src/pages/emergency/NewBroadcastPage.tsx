/**
 * 新建广播: type (real, or one of three drills: chosen explicitly, never defaulted),
 * event type, severity, title, the text for TTS and subtitles, target areas, the time
 * window and its audio (AudioPicker: text-to-speech with the drill slate, upload,
 * microphone recording, or a stream URL; a made MP3 goes out as a file, an HTTP stream
 * or RTP); quick-fill templates for common warnings.
 * Saved as a draft (POST /api/eb/broadcasts), optionally submitted at once; the page
 * then opens the broadcast. `?from=<id>` starts from a copy of another broadcast (a
 * draft cannot be changed after saving: copy, fix, and withdraw the old one).
 * A town or village operator picks only from the areas the county granted them, and
 * the types and severities the grants do not allow are disabled (ScopeNotice.tsx).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, AutoComplete, Button, Card, Col, DatePicker, Flex, Form, Input, Radio, Row, Space, Typography } from 'antd';
import { ArrowLeftOutlined, SaveOutlined, SendOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../api/client';
import type { Broadcast, EbAudio } from '../../api/types';
import { navigate } from '../../app/router';
import { errorMessage } from '../../common/errors';
import { PageHeader } from '../../common/PageHeader';
import { useI18n } from '../../i18n';
import { AreaTreeSelect } from './AreaTreeSelect';
import { AudioPicker } from './AudioPicker';
import { ScopeNotice, useBroadcastScope } from './ScopeNotice';
import { severityAllowed } from './scopeLimits';
import {
  DRILL_TYPES, eventTypeLabel, EVENT_TYPES, isDrill, ModeBanner, msgTypeLabel, SEVERITIES, severityLabel, SeverityTag, styles, useAreaNames,
} from './shared';
import { TEMPLATES, type EbTemplate } from './templates';
import { AUDIO_URL, bodyOf, FIELD_OF, freshWindow, type Values } from './newBroadcastForm';

export default function NewBroadcastPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [copied, setCopied] = useState<Broadcast | null>(null);
  const [audio, setAudio] = useState<EbAudio | null>(null);
  const intent = useRef<'draft' | 'submit'>('draft');
  const msgType = Form.useWatch('msgType', form);
  const eventType = Form.useWatch('eventType', form);
  const areaCodes = Form.useWatch('areaCodes', form);
  const text = Form.useWatch('text', form);
  const audioUrl = Form.useWatch('audioUrl', form);
  const scope = useBroadcastScope(areaCodes, msgType);
  const { limits } = scope;
  const copiedNames = useAreaNames(copied?.areaCodes);
  const pickedNames = useAreaNames(areaCodes);

  // `?from=<id>`: start from a copy (the time window starts afresh).
  const from = useMemo(() => new URLSearchParams(window.location.search).get('from'), []);
  useEffect(() => {
    if (!from) return;
    api.get<Broadcast>(`/api/eb/broadcasts/${encodeURIComponent(from)}`).then(
      (b) => {
        setCopied(b);
        form.setFieldsValue({
          msgType: b.msgType, eventType: b.eventType, severity: b.severity, title: b.title, text: b.text, areaCodes: b.areaCodes,
          window: freshWindow(), audioUrl: b.audio?.audioId ? undefined : b.audio?.url,
          audioDelivery: b.audio?.delivery ?? 'file', rtpUrl: b.audio?.delivery === 'rtp' ? b.audio.url : undefined,
        });
        if (b.audio?.audioId) void api.get<EbAudio>(`/api/eb/audio/${encodeURIComponent(b.audio.audioId)}`).then(setAudio, () => undefined);
      },
      (err: unknown) => setFormError(errorMessage(err, i18n)),
    );
  }, [from, form, i18n]);

  function fill(tpl: EbTemplate) {
    form.setFieldsValue({ eventType: tpl.eventType, severity: tpl.severity, title: tpl.title, text: tpl.text });
    void form.validateFields(['eventType', 'severity', 'title', 'text']).catch(() => undefined);
    message.info(t('eb.form.templateFilled', { name: t(tpl.label) }));
  }

  function showError(err: unknown) {
    if (err instanceof ApiError && err.field && !err.field.includes('audioId')) {
      const name = err.field.replace(/^body\./, '');
      const field = FIELD_OF[name] ?? FIELD_OF[name.split('.')[0]!];
      if (field) {
        form.setFields([{ name: field, errors: [errorMessage(err, i18n)] }]);
        form.scrollToField(field);
        return;
      }
    }
    setFormError(errorMessage(err, i18n));
  }

  async function save(values: Values, submit: boolean) {
    setSaving(submit ? 'submit' : 'draft');
    setFormError(null);
    let created: Broadcast;
    try {
      created = await api.post<Broadcast>('/api/eb/broadcasts', bodyOf(values, audio));
    } catch (err) {
      showError(err);
      setSaving(null);
      return;
    }
    if (submit) {
      try {
        await api.post<Broadcast>(`/api/eb/broadcasts/${created.id}/submit`);
        message.success(t('eb.done.submit'));
      } catch (err) {
        // Saved but not submitted: the broadcast's page offers 提交审核 again.
        message.error(`${t('eb.form.savedNotSubmitted')} ${errorMessage(err, i18n)}`);
      }
    } else {
      message.success(t('eb.form.saved'));
    }
    setSaving(null);
    navigate(`/emergency/broadcasts/${created.id}`);
  }

  function onFinish(values: Values) {
    if (intent.current === 'draft') {
      void save(values, false);
      return;
    }
    const names = values.areaCodes.map((c) => pickedNames.data?.get(c) ?? c);
    modal.confirm({
      title: t('eb.confirm.submitTitle'),
      width: 600,
      icon: null,
      content: (
        <Flex vertical gap={12} style={{ marginTop: 12 }} data-testid="eb-confirm-body">
          <ModeBanner msgType={values.msgType!} compact />
          <Typography.Text strong>{values.title}</Typography.Text>
          <Space wrap>
            <SeverityTag severity={values.severity!} />
            <span>{eventTypeLabel(i18n, values.eventType)}</span>
          </Space>
          <span>{t('eb.summary.areas', { names: names.join('、') })}</span>
          <span>{t('eb.summary.window', { start: formatDateTime(values.window[0].toISOString()), end: formatDateTime(values.window[1].toISOString()) })}</span>
          <Alert type={isDrill(values.msgType!) ? 'info' : 'warning'} showIcon title={isDrill(values.msgType!) ? t('eb.confirm.submitText') : t('eb.confirm.submitReal')} />
        </Flex>
      ),
      okText: t('eb.form.saveSubmit'),
      okButtonProps: { danger: !isDrill(values.msgType!), 'data-testid': 'eb-confirm-ok' },
      cancelText: t('common.cancel'),
      onOk: () => save(values, true),
    });
  }

  const drill = msgType !== undefined && isDrill(msgType);
  return (
    <>
      <PageHeader
        title={t('nav.ebNew')}
        subtitle={t('eb.form.subtitle')}
        extra={<Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/emergency/broadcasts')}>{t('eb.back')}</Button>}
      />
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card className={drill ? styles.hatch : undefined} data-testid="eb-form-card" data-drill={String(drill)}>
            <div style={{ marginBottom: 16 }}>
              {msgType !== undefined ? <ModeBanner msgType={msgType} /> : <Alert type="warning" showIcon title={t('eb.form.msgTypeHelp')} />}
            </div>
            <ScopeNotice scope={scope} />
            {copied ? <Alert type="info" showIcon title={t('eb.form.copiedFrom', { title: copied.title })} style={{ marginBottom: 16 }} /> : null}
            {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="eb-form-error" /> : null}
            <Form<Values>
              form={form}
              layout="vertical"
              onFinish={onFinish}
              onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name)}
              initialValues={{ areaCodes: [], window: freshWindow() }}
              style={{ background: '#fff', padding: 16, borderRadius: 8 }}
            >
              <Form.Item
                name="msgType"
                label={t('eb.form.msgType')}
                dependencies={['areaCodes']}
                rules={[
                  { required: true, message: t('eb.form.msgTypeRequired') },
                  {
                    validator: (_, v: number | undefined) =>
                      !limits || v === undefined || (isDrill(v) ? limits.mayDrill : limits.mayReal)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t(isDrill(v) ? 'eb.scope.drillNotGranted' : 'eb.scope.realNotGranted'))),
                  },
                ]}
              >
                <Radio.Group buttonStyle="solid" data-testid="eb-type">
                  <Radio.Button value={1} disabled={limits ? !limits.mayReal : false} data-testid="eb-type-1" style={limits && !limits.mayReal ? undefined : msgType === 1 ? { background: '#cf1322', borderColor: '#cf1322', fontWeight: 700 } : { color: '#cf1322', fontWeight: 700 }}>
                    {msgTypeLabel(t, 1)}
                  </Radio.Button>
                  {DRILL_TYPES.map((n) => (
                    <Radio.Button key={n} value={n} disabled={limits ? !limits.mayDrill : false} data-testid={`eb-type-${n}`} style={msgType === n ? { background: '#6d28d9', borderColor: '#6d28d9' } : undefined}>
                      {msgTypeLabel(t, n)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} md={10}>
                  <Form.Item
                    name="eventType"
                    label={t('eb.form.eventType')}
                    extra={eventType && /^\d{5}$/.test(eventType) ? eventTypeLabel(i18n, eventType) : t('eb.form.eventTypeHelp')}
                    rules={[{ required: true, message: t('validation.required') }, { pattern: /^\d{5}$/, message: t('eb.form.eventTypePattern') }]}
                  >
                    <AutoComplete
                      options={EVENT_TYPES.map((code) => ({ value: code, label: eventTypeLabel(i18n, code) }))}
                      showSearch={{ filterOption: (input, option) => String(option?.label ?? '').includes(input.trim()) }}
                      placeholder={t('eb.form.eventTypePlaceholder')}
                      data-testid="eb-event-type"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={14}>
                  <Form.Item
                    name="severity"
                    label={t('eb.form.severity')}
                    extra={limits ? t('eb.scope.severityHelp') : undefined}
                    dependencies={['areaCodes', 'msgType']}
                    rules={[
                      { required: true, message: t('eb.form.severityRequired') },
                      {
                        validator: (_, v: number | undefined) =>
                          !limits || v === undefined || severityAllowed(limits, v)
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('eb.scope.severityAbove', { severity: severityLabel(t, Math.min(limits.mostSevere, 4)) }))),
                      },
                    ]}
                  >
                    <Radio.Group data-testid="eb-severity-group">
                      {SEVERITIES.map((s) => (
                        <Radio
                          key={s}
                          value={s}
                          disabled={limits ? !severityAllowed(limits, s) : false}
                          style={limits && !severityAllowed(limits, s) ? { opacity: 0.4 } : undefined}
                          data-testid={`eb-severity-${s}`}
                        >
                          <SeverityTag severity={s} />
                        </Radio>
                      ))}
                    </Radio.Group>
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="title" label={t('eb.form.title')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
                <Input maxLength={100} showCount autoComplete="off" data-testid="eb-title" />
              </Form.Item>
              <Form.Item
                name="text"
                label={t('eb.form.text')}
                extra={t('eb.form.textHelp')}
                rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 4000, message: t('validation.max', { n: 4000 }) }]}
              >
                <Input.TextArea maxLength={4000} showCount autoSize={{ minRows: 4, maxRows: 12 }} data-testid="eb-text" />
              </Form.Item>
              <Form.Item
                name="areaCodes"
                label={t('eb.form.areas')}
                extra={scope.me ? t('eb.scope.areasHelp') : t('eb.form.areasHelp')}
                rules={[{ validator: (_, v: string[] | undefined) => (v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('eb.form.areasRequired')))) }]}
              >
                <AreaTreeSelect knownNames={copiedNames.data} roots={scope.roots} />
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="window"
                    label={t('eb.form.window')}
                    rules={[
                      { required: true, message: t('validation.required') },
                      {
                        validator: (_, v: [Dayjs | null, Dayjs | null] | undefined) =>
                          !v || !v[0] || !v[1] || (v[1].isAfter(v[0]) && v[1].isAfter(dayjs()))
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('eb.form.windowInvalid'))),
                      },
                    ]}
                  >
                    <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="eb-window" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                label={t('eb.audio.section')}
                extra={!audio && !audioUrl?.trim() ? <span data-testid="eb-audio-auto-tts">{t('eb.audio.autoTts')}</span> : undefined}
              >
                <AudioPicker
                  text={text}
                  msgType={msgType}
                  value={audio}
                  onChange={setAudio}
                  streamTab={(
                    <Form.Item
                      name="audioUrl"
                      extra={t('eb.form.audioHelp')}
                      rules={[{ pattern: AUDIO_URL, message: t('eb.form.audioPattern') }, { max: 500, message: t('validation.max', { n: 500 }) }]}
                      style={{ marginBottom: 0 }}
                    >
                      <Input placeholder="rtp://239.0.0.1:5004" autoComplete="off" data-testid="eb-audio" />
                    </Form.Item>
                  )}
                />
              </Form.Item>
              <Flex gap={8} justify="flex-end">
                <Button
                  icon={<SaveOutlined />}
                  loading={saving === 'draft'}
                  disabled={saving !== null}
                  onClick={() => {
                    intent.current = 'draft';
                    form.submit();
                  }}
                  data-testid="eb-save"
                >
                  {t('eb.form.saveDraft')}
                </Button>
                <Button
                  type="primary"
                  danger={msgType === 1}
                  icon={<SendOutlined />}
                  loading={saving === 'submit'}
                  disabled={saving !== null}
                  onClick={() => {
                    intent.current = 'submit';
                    form.submit();
                  }}
                  data-testid="eb-save-submit"
                >
                  {t('eb.form.saveSubmit')}
                </Button>
              </Flex>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card title={<Space><ThunderboltOutlined />{t('eb.form.templates')}</Space>} data-testid="eb-templates">
            <Typography.Paragraph type="secondary">{t('eb.form.templatesHelp')}</Typography.Paragraph>
            <Flex vertical gap={8}>
              {TEMPLATES.map((tpl) => (
                <Button key={tpl.key} block onClick={() => fill(tpl)} data-testid={`eb-template-${tpl.key}`} style={{ justifyContent: 'space-between', display: 'flex' }}>
                  <span>{t(tpl.label)}</span>
                  <SeverityTag severity={tpl.severity} />
                </Button>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
    </>
  );
}
