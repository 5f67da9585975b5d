/**
 * 新建稿件: kind, column and title; creates version 1 and opens the editor. From a story
 * plan (为此选题写稿) it names the plan and starts from the plan's title.
 */
import { Form, Input, Modal, Select } from 'antd';
import { api } from '../../api/client';
import type { ManuscriptDetail, ManuscriptKind, NewsColumn } from '../../api/types';
import { navigate } from '../../app/router';
import { FormError, useFormModal } from '../../common/useFormModal';
import { useI18n } from '../../i18n';
import { kindLabel, KINDS } from './shared';

interface Values {
  kind: ManuscriptKind;
  columnId?: string;
  title: string;
}

// `content.title` from the schema lands on the title field.
const FIELDS = ['kind', 'columnId', 'content'] as const;

interface Props {
  open: boolean;
  columns: NewsColumn[];
  onClose(): void;
  /** The story plan the manuscript is written for. */
  planId?: string;
  initialTitle?: string;
}

export function NewManuscriptModal({ open, columns, onClose, planId, initialTitle }: Props) {
  const { t } = useI18n();
  const { form, formError, submit, modalProps } = useFormModal<never, Values, ManuscriptDetail>({
    open,
    record: null,
    fields: FIELDS,
    async save(values) {
      const created = await api.post<ManuscriptDetail>('/api/manuscripts', {
        kind: values.kind,
        ...(values.columnId ? { columnId: values.columnId } : {}),
        ...(planId ? { planId } : {}),
        content: { title: values.title.trim() },
      });
      return { said: t('ms.created'), saved: created };
    },
    onClose,
    onSaved(created) {
      onClose();
      navigate(`/newsroom/manuscripts/${created.id}`);
    },
  });

  return (
    <Modal {...modalProps} title={planId ? t('plan.writeTitle') : t('ms.createTitle')} okButtonProps={{ 'data-testid': 'new-manuscript-submit' }}>
      <FormError text={formError} />
      {/* The plan's title is where a manuscript for it starts; resetting on opening keeps it. */}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'article', title: initialTitle }} style={{ marginTop: 16 }}>
        <Form.Item name="kind" label={t('ms.kind')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))} data-testid="new-manuscript-kind" />
        </Form.Item>
        <Form.Item name="columnId" label={t('ms.column')} extra={t('ms.columnHelp')}>
          <Select
            allowClear
            placeholder={t('ms.noColumn')}
            options={columns.map((c) => ({ value: c.id, label: `${c.name} · ${t('ms.reviewLevels', { n: c.reviewLevels })}` }))}
            data-testid="new-manuscript-column"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('ms.title')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.max', { n: 200 }) }]}
        >
          <Input autoComplete="off" data-testid="new-manuscript-title" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
