/**
 * The audio of a new broadcast, made in one of three ways: 文字转语音 (the broadcast's
 * text spoken by the server, with the drill slate at both ends for drills), 上传 (a
 * file, converted to MP3 by the server) and 录音 (the microphone, via MediaRecorder,
 * uploaded when stopped). The chosen MP3 is previewed and attached to the broadcast.
 * A recording is previewed from the server's MP3, not a blob: the console's CSP
 * allows media from 'self' only. Once an MP3 is chosen, the author picks how terminals
 * receive it (AudioDeliveryFields): 文件 (they download it), HTTP 流 (this server's
 * real-time stream of it) or RTP 组播 (this server sends it to an rtp:// address until
 * the broadcast ends).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Flex, Form, Input, Radio, Space, Tabs, Typography, Upload } from 'antd';
import { AudioOutlined, DeleteOutlined, SoundOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { api, uploadForm } from '../../api/client';
import type { Broadcast, EbAudio, EbAudioDelivery, EbMsgType } from '../../api/types';
import { errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';
import { isDrill, styles } from './shared';

interface Props {
  text: string | undefined;
  msgType: EbMsgType | undefined;
  value: EbAudio | null;
  onChange(audio: EbAudio | null): void;
  /** The fourth tab: a hand-typed stream URL (a form field of the page). */
  streamTab: ReactNode;
}

/** The server speaks it before and after a drill (src/modules/emergency/audio/slate.ts). */
const DRILL_SLATE = '演习，演习。这是一次应急广播演练，不是真实预警。';

/** Speech made for another broadcast type, or before the text was changed, must be made again. */
function ttsStale(audio: EbAudio | null, text: string | undefined, msgType: EbMsgType | undefined): boolean {
  if (audio?.source !== 'tts' || msgType === undefined || !audio.text) return false;
  const slate = audio.text.startsWith(DRILL_SLATE) && audio.text.endsWith(DRILL_SLATE);
  return slate !== isDrill(msgType) || !audio.text.includes((text ?? '').trim());
}

const RECORD_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'];

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The chosen MP3 with a player. */
export function AudioPreview({ audio, onRemove }: { audio: EbAudio; onRemove?: () => void }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={8} data-testid="eb-audio-chosen">
      <Typography.Text>
        {t('eb.audio.chosen', { source: t(`eb.audio.source.${audio.source}`), seconds: (audio.durationMs / 1000).toFixed(1), size: sizeText(audio.size) })}
      </Typography.Text>
      <audio controls preload="metadata" src={audio.path} style={{ width: '100%' }} data-testid="eb-audio-preview" />
      <Space wrap>
        <Typography.Text type="secondary">{t('eb.audio.sm3')}</Typography.Text>
        <span className={styles.mono}>{audio.sm3.slice(0, 16)}…</span>
        {onRemove ? <Button size="small" icon={<DeleteOutlined />} onClick={onRemove} data-testid="eb-audio-remove">{t('eb.audio.remove')}</Button> : null}
      </Space>
    </Flex>
  );
}

/** A broadcast's audio on its page: a player for an MP3 made here (and how terminals receive it), the address for a stream. */
export function BroadcastAudioView({ audio }: { audio: NonNullable<Broadcast['audio']> }) {
  const { t } = useI18n();
  if (!audio.sm3) return <span className={styles.mono}>{audio.url}</span>;
  const delivery: EbAudioDelivery = audio.delivery ?? 'file';
  // Played from this server (the URL's host is the one terminals use, PUBLIC_URL).
  const path = new URL(audio.fileUrl ?? audio.url, window.location.href).pathname;
  return (
    <Flex vertical gap={4} data-testid="eb-audio-view">
      <audio controls preload="metadata" src={path} style={{ width: '100%', maxWidth: 420 }} data-testid="eb-audio-player" />
      <Typography.Text type="secondary">
        {t('eb.audio.sm3')} <span className={styles.mono}>{audio.sm3}</span>
      </Typography.Text>
      <Typography.Text data-testid="eb-audio-delivery-view" data-delivery={delivery}>
        {t('eb.audio.delivery')}：{t(`eb.audio.delivery.${delivery}`)}
        {delivery === 'file' ? null : <> <span className={styles.mono}>{audio.url}</span></>}
      </Typography.Text>
    </Flex>
  );
}

const DELIVERIES: EbAudioDelivery[] = ['file', 'http-stream', 'rtp'];

/** rtp://<IPv4>:<port 1-65535>, as the server checks it (multicast such as 239.1.2.3 is usual). */
export function isRtpUrl(url: string): boolean {
  const m = /^rtp:\/\/(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/i.exec(url.trim());
  return !!m && m[1]!.split('.').every((n) => Number(n) <= 255 && !(n.length > 1 && n.startsWith('0'))) && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
}

/**
 * How terminals receive the chosen MP3: fields `audioDelivery` and `rtpUrl` of the
 * broadcast form (NewBroadcastPage sends them with the audioId).
 */
export function AudioDeliveryFields() {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const delivery = (Form.useWatch('audioDelivery', form) as EbAudioDelivery | undefined) ?? 'file';
  return (
    <Flex vertical gap={4} data-testid="eb-audio-delivery-section">
      <Form.Item name="audioDelivery" label={t('eb.audio.delivery')} initialValue="file" extra={t(`eb.audio.deliveryHelp.${delivery}`)} style={{ marginBottom: 8 }}>
        <Radio.Group
          optionType="button"
          options={DELIVERIES.map((d) => ({ value: d, label: <span data-testid={`eb-audio-delivery-${d}`}>{t(`eb.audio.delivery.${d}`)}</span> }))}
          data-testid="eb-audio-delivery"
        />
      </Form.Item>
      {delivery === 'rtp' ? (
        <Form.Item
          name="rtpUrl"
          label={t('eb.audio.rtpUrl')}
          rules={[
            { required: true, whitespace: true, message: t('eb.audio.rtpUrlRequired') },
            { validator: (_, v?: string) => (!v?.trim() || isRtpUrl(v) ? Promise.resolve() : Promise.reject(new Error(t('eb.audio.rtpUrlPattern')))) },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input placeholder="rtp://239.1.2.3:5004" autoComplete="off" className={styles.mono} data-testid="eb-audio-rtp-url" />
        </Form.Item>
      ) : null}
    </Flex>
  );
}

export function AudioPicker({ text, msgType, value, onChange, streamTab }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState<{ recorder: MediaRecorder; started: number } | null>(null);
  const [seconds, setSeconds] = useState(0);
  const chunks = useRef<Blob[]>([]);

  useEffect(() => {
    if (!recording) return undefined;
    const timer = window.setInterval(() => setSeconds(Math.round((Date.now() - recording.started) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, [recording]);
  // Leaving the page mid-recording releases the microphone.
  useEffect(() => () => recording?.recorder.stream.getTracks().forEach((tr) => tr.stop()), [recording]);

  async function run(make: () => Promise<EbAudio>) {
    setBusy(true);
    setError(null);
    try {
      onChange(await make());
    } catch (err) {
      setError(errorMessage(err, i18n));
    } finally {
      setBusy(false);
    }
  }

  function upload(file: Blob, name: string, source: 'upload' | 'record') {
    const form = new FormData();
    form.append('source', source);
    form.append('file', file, name);
    return run(() => uploadForm<EbAudio>('/api/eb/audio', form));
  }

  async function startRecording() {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      setError(t('eb.audio.recordUnsupported'));
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mimeType = RECORD_TYPES.find((m) => MediaRecorder.isTypeSupported(m));
      const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      chunks.current = [];
      recorder.ondataavailable = (e) => e.data.size > 0 && chunks.current.push(e.data);
      recorder.onstop = () => {
        stream.getTracks().forEach((tr) => tr.stop());
        const type = recorder.mimeType || 'audio/webm';
        void upload(new Blob(chunks.current, { type }), type.includes('ogg') ? 'recording.ogg' : 'recording.webm', 'record');
      };
      recorder.start(1000);
      setSeconds(0);
      setRecording({ recorder, started: Date.now() });
    } catch (err) {
      setError(t('eb.audio.recordDenied', { reason: err instanceof Error ? err.message : String(err) }));
    }
  }

  function stopRecording() {
    recording?.recorder.stop();
    setRecording(null);
  }

  const canSpeak = !!text?.trim() && msgType !== undefined;
  const tabs = [
    {
      key: 'tts', label: t('eb.audio.tab.tts'),
      children: (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('eb.audio.ttsHelp')}</Typography.Text>
          {msgType !== undefined && isDrill(msgType) ? <Alert type="info" showIcon title={t('eb.audio.ttsDrill')} data-testid="eb-audio-slate" /> : null}
          <div>
            <Button icon={<SoundOutlined />} loading={busy} disabled={!canSpeak || !!recording} onClick={() => void run(() => api.post<EbAudio>('/api/eb/audio/tts', { text: text!.trim(), msgType }))} data-testid="eb-audio-tts">
              {t('eb.audio.ttsGenerate')}
            </Button>
            {!canSpeak ? <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{t('eb.audio.ttsNeedText')}</Typography.Text> : null}
          </div>
        </Flex>
      ),
    },
    {
      key: 'upload', label: t('eb.audio.tab.upload'),
      children: (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('eb.audio.uploadHelp')}</Typography.Text>
          <Upload accept="audio/*,.mp3,.wav,.ogg,.webm,.m4a" showUploadList={false} maxCount={1} beforeUpload={(file) => { void upload(file, file.name, 'upload'); return false; }}>
            <Button icon={<UploadOutlined />} loading={busy} disabled={!!recording} data-testid="eb-audio-upload">{t('eb.audio.uploadButton')}</Button>
          </Upload>
        </Flex>
      ),
    },
    {
      key: 'record', label: t('eb.audio.tab.record'),
      children: (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('eb.audio.recordHelp')}</Typography.Text>
          <Space>
            {recording
              ? <Button danger icon={<StopOutlined />} onClick={stopRecording} data-testid="eb-audio-record-stop">{t('eb.audio.recordStop')}</Button>
              : <Button icon={<AudioOutlined />} loading={busy} onClick={() => void startRecording()} data-testid="eb-audio-record">{t('eb.audio.recordStart')}</Button>}
            {recording ? <Typography.Text type="danger">{t('eb.audio.recording', { s: seconds })}</Typography.Text> : null}
          </Space>
        </Flex>
      ),
    },
    { key: 'stream', label: t('eb.audio.tab.stream'), forceRender: true, children: streamTab },
  ];

  return (
    <Flex vertical gap={12} data-testid="eb-audio-section">
      <Typography.Text type="secondary">{t('eb.audio.help')}</Typography.Text>
      <Tabs items={tabs} size="small" />
      {error ? <Alert type="error" showIcon title={error} data-testid="eb-audio-error" /> : null}
      {ttsStale(value, text, msgType) ? <Alert type="warning" showIcon title={t('eb.audio.ttsStale')} data-testid="eb-audio-stale" /> : null}
      {value ? <AudioPreview audio={value} onRemove={() => onChange(null)} /> : null}
      {value ? <AudioDeliveryFields /> : null}
    </Flex>
  );
}
