// The viewer's bar above the panel: which device the panel shows (a select, compact like DevTools' target
// selectors), how many there are, and whether the dev server answers; and, until a device comes, what to do.

import type { SocketTransport } from '../panel/socket-transport';
import type { DeviceInfo, PageInfo } from '../shared/device-protocol';
import { AppQr } from './app-qr';
import { clockTime, describeUserAgent } from './device-label';
import { vt } from './messages';

export function deviceLabel(device: DeviceInfo): string {
  const label = `${describeUserAgent(device.userAgent)} · ${clockTime(device.firstSeen)}`;
  return device.connected ? label : `${label} ${vt('deviceGone')}`;
}

export function DeviceBar(props: { transport: SocketTransport }) {
  const { transport } = props;
  const devices = transport.devices.value;
  const hub = transport.hubConnected.value;
  return (
    <div class="viewer-bar" role="toolbar" aria-label={vt('deviceLabel')}>
      <label class="viewer-device">
        {vt('deviceLabel')}
        <select
          data-testid="device-picker"
          title={vt('devicePickerTitle')}
          disabled={devices.length === 0}
          value={transport.selected.value ?? ''}
          onChange={(event) => transport.select(event.currentTarget.value)}
        >
          {devices.map((device) => (
            <option
              key={device.id}
              data-testid="device-option"
              value={device.id}
              data-device-id={device.id}
              data-user-agent={device.userAgent}
              data-first-seen={device.firstSeen}
              data-connected={String(device.connected)}
              title={device.userAgent}
            >
              {deviceLabel(device)}
            </option>
          ))}
        </select>
      </label>
      <PagePicker transport={transport} />
      <span data-testid="device-count" data-count={devices.length}>
        {vt('deviceCount', devices.length)}
      </span>
      <span class={`viewer-hub${hub ? '' : ' down'}`} data-testid="hub-status" data-connected={String(hub)}>
        {vt(hub ? 'hubConnected' : 'hubDisconnected')}
      </span>
    </div>
  );
}

/** A page's label: its path (the app's route after `#`, if any) and when it opened; a closed tab says so. */
export function pageLabel(page: PageInfo): string {
  let where = page.url;
  try {
    const url = new URL(page.url);
    where = `${url.pathname}${url.hash}` || url.host;
  } catch {
    // Not a URL (before the page said): its start time alone.
  }
  const label = `${where ? `${where} · ` : ''}${clockTime(page.firstSeen)}`;
  return page.connected ? label : `${label} ${vt('pageGone')}`;
}

/** The tabs of the selected device (issue 19): each shows its own tasks. Absent when the hub names no pages. */
function PagePicker(props: { transport: SocketTransport }) {
  const { transport } = props;
  const pages = transport.pages.value;
  if (pages.length === 0) return null;
  return (
    <label class="viewer-device">
      {vt('pageLabel')}
      <select
        data-testid="page-picker"
        title={vt('pagePickerTitle')}
        data-count={pages.length}
        value={transport.selectedPage.value ?? ''}
        onChange={(event) => transport.selectPage(event.currentTarget.value)}
      >
        {pages.map((page) => (
          <option
            key={page.id}
            data-testid="page-option"
            value={page.id}
            data-page-id={page.id}
            data-url={page.url}
            data-first-seen={page.firstSeen}
            data-connected={String(page.connected)}
            title={page.url}
          >
            {pageLabel(page)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** No device yet: open the app on the phone (from the dev server's own address, which serves both), by its QR code
 * when that address is one a phone can reach. */
export function ViewerEmpty(props: { appUrl: string }) {
  const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/)/.test(props.appUrl);
  return (
    <div class="viewer-empty" data-testid="viewer-empty" data-app-url={props.appUrl}>
      {!local && <AppQr url={props.appUrl} />}
      <div>
        <strong>{vt('emptyTitle')}</strong> {vt('emptyBody')}{' '}
        <a href={props.appUrl} target="_blank" rel="noreferrer" data-testid="viewer-app-url">
          {props.appUrl}
        </a>
        {local ? (
          <span class="viewer-empty-note"> {vt('emptyLocalhost')}</span>
        ) : (
          <span class="viewer-empty-note"> {vt('emptyQr')}</span>
        )}
      </div>
    </div>
  );
}
