/**
 * A create-or-edit form in a modal (or a drawer, which draws its own buttons): on
 * opening, the form starts again from the record's values (or the form's own initial
 * values for a new one); submitting saves with the OK button spinning, and a refusal
 * goes on the field it names (the server's `field`, or a field the page ties to an
 * error code) or, naming none, above the form.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Form, type FormInstance, type ModalProps } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { applyFieldError, errorMessage } from './errors';

/** What a save did, in words for the success message, and what it saved, for `onSaved`. */
export interface Saved<S> {
  said: string;
  saved: S;
}

export interface FormModalOptions<R, V, S = void> {
  open: boolean;
  /** The record edited; null to create one. */
  record: R | null;
  /** The form's values for an existing record (none for a form that only creates). */
  values?(record: R): Partial<V>;
  /** The form's fields, for the server's field errors. */
  fields: readonly string[];
  /** Errors that name no field but belong to one, by code (`DEPARTMENT_CODE_TAKEN` → code). */
  codeFields?: Readonly<Record<string, keyof V & string>>;
  /** Saves; says what was done, in words for the success message (with what it saved, when the caller wants that). */
  save(values: V): Promise<string | Saved<S>>;
  onClose(): void;
  /** After a save: the caller closes the modal and reloads, or opens what was saved. */
  onSaved(saved: S): void;
}

export interface FormModalState<V> {
  form: FormInstance<V>;
  creating: boolean;
  /** A refusal that names no field, shown above the form. */
  formError: string | null;
  /** A save is under way: for a drawer's own OK button (a modal's comes with `modalProps`). */
  saving: boolean;
  submit(values: V): Promise<void>;
  /** For the `Modal`: open, OK/Cancel words, the spinner, submit on OK. */
  modalProps: Pick<ModalProps, 'open' | 'okText' | 'cancelText' | 'confirmLoading' | 'onOk' | 'onCancel' | 'destroyOnHidden'>;
}

export function useFormModal<R, V, S = void>(options: FormModalOptions<R, V, S>): FormModalState<V> {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { open, record } = options;
  const creating = record === null;
  // The latest callbacks, so the reset on opening depends on the record alone.
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    // setFieldsValue wants antd's RecursivePartial; the page's values are plain fields.
    const values = record === null ? undefined : latest.current.values?.(record);
    if (values) form.setFieldsValue(values as Parameters<typeof form.setFieldsValue>[0]);
  }, [open, record, form]);

  async function submit(values: V) {
    const { fields, codeFields, save, onSaved } = latest.current;
    setSaving(true);
    setFormError(null);
    try {
      const done = await save(values);
      // A plain string comes only from a save that hands nothing on (S = void).
      const { said, saved } = typeof done === 'string' ? { said: done, saved: undefined as S } : done;
      message.success(said);
      onSaved(saved);
    } catch (err) {
      if (applyFieldError(form, err, i18n, fields)) return;
      const field = err instanceof ApiError ? codeFields?.[err.code] : undefined;
      // antd types a field name through V's shape, which a generic V cannot show.
      if (field) form.setFields([{ name: field as never, errors: [errorMessage(err, i18n)] }]);
      else setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return {
    form,
    creating,
    formError,
    saving,
    submit,
    modalProps: {
      open,
      okText: creating ? t('common.create') : t('common.save'),
      cancelText: t('common.cancel'),
      confirmLoading: saving,
      onOk: () => form.submit(),
      onCancel: () => latest.current.onClose(),
      destroyOnHidden: true,
    },
  };
}

/** The refusal that names no field, above the form. */
export function FormError({ text }: { text: string | null }) {
  return text ? <Alert type="error" showIcon title={text} style={{ marginBottom: 16 }} /> : null;
}
