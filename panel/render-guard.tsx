// A render error boundary around each area of the panel: defence in depth, since every record is read by
// shared/task-read.ts before it is shown. Should page data still break a render, that area says so instead of the
// whole panel going blank, the rest keeps working, and the area is drawn again with the next state (or on Retry).

import { Component, type ComponentChildren } from 'preact';
import { t } from './i18n';
import type { PanelState } from './reducer';

interface Props {
  area: string;
  /** The panel state the area was drawn with: a new one is worth another try. */
  state: PanelState;
  children: ComponentChildren;
}

interface GuardState {
  failedWith: PanelState | null;
}

export class RenderGuard extends Component<Props, GuardState> {
  override state: GuardState = { failedWith: null };

  override componentDidCatch(error: unknown): void {
    console.error(`uni Transfers: the ${this.props.area} could not be drawn`, error);
    this.setState({ failedWith: this.props.state });
  }

  override render() {
    if (this.state.failedWith === null || this.state.failedWith !== this.props.state) return this.props.children;
    return (
      <div class="notice notice-error" role="alert" data-testid="render-error" data-area={this.props.area}>
        <span>{t('renderError')}</span>
        <button type="button" onClick={() => this.setState({ failedWith: null })}>
          {t('renderRetry')}
        </button>
      </div>
    );
  }
}
