/** Recomputes the audit hash chain on the server and shows whether it is intact. */
import { useState } from 'react';
import { App, Button, List, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { AuditVerifyResult } from '../../api/types';
import { errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';

export function VerifyChainButton() {
  const i18n = useI18n();
  const { t } = i18n;
  const { modal } = App.useApp();
  const [running, setRunning] = useState(false);

  async function verify() {
    setRunning(true);
    try {
      const result = await api.post<AuditVerifyResult>('/api/audit/verify');
      if (result.ok) {
        modal.success({ title: t('audit.verifyOk'), content: t('audit.verifyOkText', { checked: result.checked }), okText: t('common.ok') });
      } else {
        modal.error({
          title: t('audit.verifyBroken'),
          width: 560,
          okText: t('common.ok'),
          content: (
            <>
              <Typography.Paragraph>{t('audit.verifyBrokenText', { checked: result.checked, problems: result.problems.length })}</Typography.Paragraph>
              <List
                size="small"
                bordered
                dataSource={result.problems}
                style={{ maxHeight: 300, overflow: 'auto' }}
                renderItem={(p) => (
                  <List.Item>
                    <Typography.Text strong>#{p.seq}</Typography.Text>&nbsp;{p.problem}
                  </List.Item>
                )}
              />
            </>
          ),
        });
      }
    } catch (err) {
      modal.error({ title: t('audit.verifyFailed'), content: errorMessage(err, i18n), okText: t('common.ok') });
    } finally {
      setRunning(false);
    }
  }

  return (
    <Button icon={<SafetyCertificateOutlined />} loading={running} onClick={verify}>
      {t('audit.verify')}
    </Button>
  );
}
