// The states of a lazily fetched body (request and response tabs) as one note.

import { t } from '../i18n';
import type { BodyState } from './bodies';
import { Note } from './kv';

/** A note for every state but `done`; null when the bodies are there. */
export function BodyStatus({ state, waiting }: { state: BodyState; waiting?: boolean }) {
  if (waiting) return <Note testId="details-body-state">{t('detailsBodyWaiting')}</Note>;
  switch (state.state) {
    case 'idle':
    case 'loading':
      return <Note testId="details-body-state">{t('detailsBodyLoading')}</Note>;
    case 'not-held':
      return <Note testId="details-body-state">{t('detailsBodyNotHeld')}</Note>;
    case 'error':
      return <Note testId="details-body-state">{t('detailsBodyError', state.error)}</Note>;
    case 'done':
      return null;
  }
}
