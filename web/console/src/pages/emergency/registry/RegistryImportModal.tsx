/**
 * The CSV import (eb.registry.manage): paste the text or pick a file (UTF-8, or GB18030
 * as a spreadsheet saved on a Chinese Windows writes it), check it with a dry run, then
 * import. The server checks every row before changing anything; a refusal lists each
 * problem by row and field.
 */
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Flex, Input, Modal, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../api/client';
import type { EbImportProblem, EbImportResult } from '../../../api/types';
import { errorMessage } from '../../../common/errors';
import { useI18n } from '../../../i18n';

/** UTF-8 when the bytes are valid UTF-8, otherwise GB18030 (GBK's superset). */
export function decodeCsv(bytes: ArrayBuffer): { text: string; encoding: 'UTF-8' | 'GB18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

function problemsOf(err: unknown): EbImportProblem[] {
  if (!(err instanceof ApiError) || err.code !== 'EB_IMPORT_INVALID') return [];
  const list = err.details?.problems;
  return Array.isArray(list) ? (list as EbImportProblem[]) : [];
}

export function RegistryImportModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [csv, setCsv] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ csv: string; result: EbImportResult } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);

  const reset = () => {
    setCsv('');
    setFileNote(null);
    setChecked(null);
    setError(null);
  };

  const run = async (dryRun: boolean) => {
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const result = await api.post<EbImportResult>('/api/eb/resources/import', { csv, dryRun });
      if (dryRun) {
        setChecked({ csv, result });
      } else {
        message.success(t('ebr.importDone', { created: result.created, updated: result.updated, unchanged: result.unchanged }));
        reset();
        onImported();
        onClose();
      }
    } catch (err) {
      setChecked(null);
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const problems = problemsOf(error);
  const ready = checked !== null && checked.csv === csv;
  return (
    <Modal
      open={open}
      title={t('ebr.importTitle')}
      width={760}
      onCancel={onClose}
      destroyOnHidden
      afterClose={reset}
      data-testid="registry-import"
      footer={[
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="check" loading={busy === 'check'} disabled={!csv.trim() || busy !== null} onClick={() => run(true)} data-testid="registry-import-check">
          {t('ebr.importCheck')}
        </Button>,
        <Button key="import" type="primary" loading={busy === 'import'} disabled={!ready || busy !== null} onClick={() => run(false)} data-testid="registry-import-run">
          {t('ebr.importRun')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('ebr.importHelp')}</Typography.Paragraph>
      <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            file.arrayBuffer().then((bytes) => {
              const { text, encoding } = decodeCsv(bytes);
              setCsv(text);
              setFileNote(t('ebr.importFile', { name: file.name, encoding }));
            }, () => message.error(t('error.unexpected')));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('ebr.importPick')}</Button>
        </Upload>
        {fileNote ? <Typography.Text type="secondary">{fileNote}</Typography.Text> : null}
      </Flex>
      <Input.TextArea
        rows={8}
        value={csv}
        onChange={(e) => setCsv(e.target.value)}
        placeholder={t('ebr.importPlaceholder')}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        data-testid="registry-import-text"
      />
      {ready ? (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          message={t('ebr.importChecked')}
          description={
            <Descriptions size="small" column={4}>
              <Descriptions.Item label={t('ebr.importRows')}>{checked.result.rows}</Descriptions.Item>
              <Descriptions.Item label={t('ebr.importCreated')}>{checked.result.created}</Descriptions.Item>
              <Descriptions.Item label={t('ebr.importUpdated')}>{checked.result.updated}</Descriptions.Item>
              <Descriptions.Item label={t('ebr.importUnchanged')}>{checked.result.unchanged}</Descriptions.Item>
            </Descriptions>
          }
          data-testid="registry-import-result"
        />
      ) : null}
      {error ? <Alert style={{ marginTop: 12 }} type="error" showIcon message={errorMessage(error, i18n)} /> : null}
      {problems.length ? (
        <Table<EbImportProblem>
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(p) => `${p.row}-${p.field}-${p.message}`}
          dataSource={problems}
          pagination={problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
          columns={[
            { title: t('ebr.problemRow'), dataIndex: 'row', width: 70 },
            { title: t('ebr.problemField'), dataIndex: 'field', width: 140 },
            { title: t('ebr.problemMessage'), dataIndex: 'message' },
          ]}
          data-testid="registry-import-problems"
        />
      ) : null}
    </Modal>
  );
}
