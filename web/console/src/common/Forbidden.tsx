/** Shown when the address is known but the user lacks the permission for it. */
import { Button, Result } from 'antd';
import { navigate } from '../app/router';
import { useI18n } from '../i18n';

export function Forbidden() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.subtitle')}
      extra={<Button type="primary" onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
    />
  );
}
