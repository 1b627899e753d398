// The states of a lazily fetched body (request and response tabs) as one note.

import { t } from '../i18n';
import type { BodyState } from './bodies';
import { Note } from './kv';

/** A note for every state but `done`; null when the bodies are there. */
export function BodyStatus({ state, waiting }: { state: BodyState; waiting?: boolean }) {
  if (waiting)
    return (
      <Note testId="details-body-state" state="waiting">
        {t('detailsBodyWaiting')}
      </Note>
    );
  switch (state.state) {
    case 'idle':
    case 'loading':
      return (
        <Note testId="details-body-state" state="loading">
          {t('detailsBodyLoading')}
        </Note>
      );
    case 'not-held':
      return (
        <Note testId="details-body-state" state="not-held">
          {t('detailsBodyNotHeld')}
        </Note>
      );
    case 'error':
      return (
        <Note testId="details-body-state" state="error">
          {t('detailsBodyError', state.error)}
        </Note>
      );
    case 'done':
      return null;
  }
}
