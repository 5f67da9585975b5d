/** A load failure, in words, with a retry button. */
import { Alert, Button } from 'antd';
import { useI18n } from '../i18n';
import { errorMessage } from './errors';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={i18n.t('common.loadFailed')}
      description={errorMessage(error, i18n)}
      action={onRetry ? <Button size="small" onClick={onRetry}>{i18n.t('common.retry')}</Button> : undefined}
    />
  );
}
