// The viewer page (the npm package's `/__uni-transfers/?token=…`): the panel, the same components and automation
// contract as in DevTools, on the WebSocket transport to the dev server's hub, with a device picker above it.
// main.tsx calls this with the page's location; tests call it with a fake WebSocket.

import { render } from 'preact';
import { App } from '../panel/app';
import { lang } from '../panel/i18n';
import { connectPanel } from '../panel/mount';
import { type SocketConstructor, type SocketTransport, socketTransport } from '../panel/socket-transport';
import { dispatch } from '../panel/store';
import { BASE_PATH, DEVICE_SOCKET_PATH } from '../shared/device-protocol';
import { DeviceBar, ViewerEmpty } from './device-picker';
import { vt } from './messages';
import './viewer.css';

export type ViewerPage = Pick<Location, 'search' | 'origin' | 'host' | 'protocol'>;

export interface ViewerOptions {
  WebSocket?: SocketConstructor;
  /** The byte budget of each device's kept messages (tests make it small). */
  maxLogBytesPerDevice?: number;
  /** Defaults to the page's matchMedia (the system's light or dark setting). */
  matchMedia?: (query: string) => Pick<MediaQueryList, 'matches' | 'addEventListener'>;
}

export function viewerSocketUrl(page: ViewerPage, token: string): string {
  const scheme = page.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${page.host}${DEVICE_SOCKET_PATH}?role=viewer&token=${encodeURIComponent(token)}`;
}

const htmlLang = () => (lang.value === 'zh_CN' ? 'zh-CN' : 'en');

/** `?theme=dark|light` (tests, screenshots), else the system setting, followed while the page is open. */
function followTheme(query: string | null, options: ViewerOptions): boolean {
  const setDark = (dark: boolean) => document.documentElement.classList.toggle('theme-dark', dark);
  if (query) {
    setDark(query === 'dark');
    return query === 'dark';
  }
  const match = options.matchMedia ?? ((media: string) => globalThis.matchMedia?.(media));
  const media = match('(prefers-color-scheme: dark)');
  media?.addEventListener?.('change', (event) => setDark((event as MediaQueryListEvent).matches));
  setDark(media?.matches ?? false);
  return media?.matches ?? false;
}

function NoToken(props: { base: string }) {
  return (
    <div class="viewer-no-token" data-testid="viewer-no-token" lang={htmlLang()}>
      <h1>{vt('noTokenTitle')}</h1>
      <p>{vt('noTokenBody', props.base)}</p>
    </div>
  );
}

/** The viewer keeps each device's messages within a byte budget (panel/socket-transport.ts): it says when it let
 * older ones go, since the list may then lack tasks the phone did run. */
function DroppedNote(props: { count: number }) {
  if (props.count === 0) return null;
  return (
    <div class="viewer-dropped" data-testid="viewer-dropped" data-count={props.count} role="status">
      {vt('droppedOld', props.count)}
    </div>
  );
}

function Viewer(props: { transport: SocketTransport; appUrl: string }) {
  const { transport } = props;
  return (
    <div
      class="viewer"
      data-testid="viewer"
      data-hub-connected={String(transport.hubConnected.value)}
      lang={htmlLang()}
    >
      <DeviceBar transport={transport} />
      {transport.devices.value.length === 0 && <ViewerEmpty appUrl={props.appUrl} />}
      <DroppedNote count={transport.dropped.value} />
      <App />
    </div>
  );
}

/** Mounts the viewer in root; returns its transport, or null when the page has no token (nothing connects). */
export function mountViewer(root: HTMLElement, page: ViewerPage, options: ViewerOptions = {}): SocketTransport | null {
  const query = new URLSearchParams(page.search);
  const token = query.get('token');
  const dark = followTheme(query.get('theme'), options);
  document.title = 'uni Transfers';
  if (!token) {
    render(<NoToken base={`${page.origin}${BASE_PATH}`} />, root);
    return null;
  }
  const transport = socketTransport(viewerSocketUrl(page, token), {
    WebSocket: options.WebSocket,
    maxLogBytesPerDevice: options.maxLogBytesPerDevice,
  });
  connectPanel(transport, { dark, conditions: false, settings: false });
  // Preserve log starts on here: a phone reloads often (Vite's client reloads the page whenever its own
  // connection comes back after a Wi-Fi drop or a locked screen), and each page load must not empty the list.
  dispatch({ type: 'set-preserve-log', value: true });
  render(<Viewer transport={transport} appUrl={`${page.origin}/`} />, root);
  return transport;
}
