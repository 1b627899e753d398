// The panel's transport in the npm package's viewer page (viewer/): a WebSocket to the dev server's hub
// (plugin/hub.ts), which routes phones' agents by device as the extension's background routes by tab
// (shared/device-protocol.ts). The panel inspects one device at a time, so this transport keeps, per device, the
// messages the hub sent for it: switching devices resets the panel and replays the chosen device's log, so its
// history (earlier page loads included) is drawn exactly as it was when live.
//
// The hub holds no truth the device does not hold: when this socket comes back, the hub sends the devices and asks
// each device's agent for a snapshot again, as the background does when the panel's port comes back (react#27119).

import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { isObject, MAX_ID } from '../shared/checks';
import { type DeviceInfo, isHubToViewer, type PageInfo, type ViewerToHub } from '../shared/device-protocol';
import type { BackgroundToPanel, PanelCommand } from '../shared/protocol';
import type { PanelTransport, TransportSink } from './transport';

export const RECONNECT_FIRST_MS = 250;
export const RECONNECT_MAX_MS = 5000;
/** Messages kept per device: a device streaming progress for hours would otherwise grow without end. */
export const MAX_LOG_PER_DEVICE = 50_000;
/**
 * And their weight (the JSON text as the hub sent it): a count alone would let a device's 32 MiB snapshots pile up
 * in the viewer's tab. Room for a few full snapshots; older messages go first, and the viewer says so.
 */
export const MAX_LOG_BYTES_PER_DEVICE = 96 * 1024 * 1024;
/** Devices whose log is kept; the least recently heard one goes first (never the selected one). */
export const MAX_LOGGED_DEVICES = 50;

/** What the transport needs of a WebSocket (tests hand in a fake). */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(): void;
}

export type SocketConstructor = new (url: string) => SocketLike;

export interface SocketTransportOptions {
  /** Defaults to the page's WebSocket. */
  WebSocket?: SocketConstructor;
  maxLogPerDevice?: number;
  maxLogBytesPerDevice?: number;
  maxLoggedDevices?: number;
}

/** A device's kept messages, oldest first (each with its page, when the hub named one), their weight, and how many
 * older ones were let go. */
interface DeviceLog {
  entries: { message: BackgroundToPanel; bytes: number; page?: string }[];
  bytes: number;
  dropped: number;
}

export interface SocketTransport extends PanelTransport {
  /** The devices the picker offers: the hub's list, and the selected device while the hub no longer lists it. */
  readonly devices: ReadonlySignal<DeviceInfo[]>;
  /** The device the panel shows, or null before the hub named any. */
  readonly selected: ReadonlySignal<string | null>;
  /** The selected device's pages (tabs), newest first; empty from a hub that does not name pages. */
  readonly pages: ReadonlySignal<PageInfo[]>;
  /** The page (tab) the panel shows, or null: then every page of the device (a hub without pages). */
  readonly selectedPage: ReadonlySignal<string | null>;
  /** Shows another page of the selected device: resets the panel and replays that page's messages. */
  selectPage(id: string): void;
  readonly hubConnected: ReadonlySignal<boolean>;
  /** Messages of the selected device dropped from the log to keep it within its budget (the viewer says so). */
  readonly dropped: ReadonlySignal<number>;
  /** Shows another device (one of `devices`): resets the panel and replays that device's log. */
  select(id: string): void;
  /** Messages kept for a device (tests, automation). */
  logSize(id: string): number;
  /** Closes the socket for good. */
  stop(): void;
}

/** The next wait before reconnecting: doubling, capped. */
export const nextDelay = (delay: number) => Math.min(delay * 2, RECONNECT_MAX_MS);

/** Whether an agent message says its agent is there (as the reducer reads hello and snapshot). */
function saysConnected(message: BackgroundToPanel): boolean | null {
  if (message.type === 'agent-connected') return true;
  if (message.type === 'agent-disconnected') return false;
  const type = message.envelope.type;
  return type === 'hello' || type === 'snapshot' ? true : null;
}

export function socketTransport(url: string, options: SocketTransportOptions = {}): SocketTransport {
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as SocketConstructor);
  const maxLog = options.maxLogPerDevice ?? MAX_LOG_PER_DEVICE;
  const maxBytes = options.maxLogBytesPerDevice ?? MAX_LOG_BYTES_PER_DEVICE;
  const maxDevices = options.maxLoggedDevices ?? MAX_LOGGED_DEVICES;
  const devices = signal<DeviceInfo[]>([]);
  const selected = signal<string | null>(null);
  const pages = signal<PageInfo[]>([]);
  const selectedPage = signal<string | null>(null);
  /** The tester picked this page: it stays shown when it closes (else the newest open page is followed). */
  let pageChosen = false;
  const hubConnected = signal(false);
  const dropped = signal(0);
  /** Per device; the Map's order is the order devices were last heard (for eviction). */
  const logs = new Map<string, DeviceLog>();
  let hubDevices: DeviceInfo[] = [];
  /** The selected device as last listed, kept for the picker when the hub forgets it. */
  let selectedInfo: DeviceInfo | null = null;
  /** Whether the panel believes the selected device's agent is there, as the messages it was fed say. */
  let told: boolean | null = null;
  let sink: TransportSink | null = null;
  let socket: SocketLike | null = null;
  let delay = RECONNECT_FIRST_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  // Every viewer names its commands `panel-1`, `panel-2`…, and an agent's replies reach every viewer of its device
  // (they are in the agent's sequence): a prefix per viewer keeps another viewer's reply from settling our request.
  const idPrefix = `v${Math.random().toString(36).slice(2, 8)}:`;

  const offered = (list: DeviceInfo[], id: string | null): DeviceInfo[] => {
    if (id === null || list.some((device) => device.id === id) || !selectedInfo) return list;
    return [...list, { ...selectedInfo, connected: false }];
  };

  const forward = (message: BackgroundToPanel) => {
    told = saysConnected(message) ?? told;
    sink?.message(message);
  };
  /** Whether a message of `page` belongs in the panel now (one page's tasks at a time: issue 19). */
  const shown = (page: string | undefined) =>
    page === undefined || selectedPage.peek() === null || page === selectedPage.peek();

  /** The page to show of a device: the newest open one, else the newest. */
  const preferredPage = (list: PageInfo[]) => (list.find((page) => page.connected) ?? list[0])?.id ?? null;

  /** Resets the panel and replays the selected device's log, only the selected page's messages. */
  const replay = () => {
    const id = selected.peek();
    batch(() => {
      told = null;
      sink?.reset?.();
      const log = id === null ? undefined : logs.get(id);
      dropped.value = log?.dropped ?? 0;
      for (const entry of log?.entries ?? []) if (shown(entry.page)) forward(entry.message);
    });
    syncConnection();
  };

  /** Makes the panel's connected state match the hub's word on the selected device (a page gone, or back). */
  const syncConnection = () => {
    if (!sink || selected.peek() === null) return;
    if (!hubConnected.peek()) {
      if (told !== false) {
        told = false;
        sink.disconnected();
      }
      return;
    }
    const device = devices.peek().find((item) => item.id === selected.peek());
    const page = device?.pages?.find((item) => item.id === selectedPage.peek());
    const connected = (page ?? device)?.connected ?? false;
    // Not logged: the log holds what the hub said; this is derived from it, again after every replay.
    if (told !== connected) forward({ type: connected ? 'agent-connected' : 'agent-disconnected' });
  };

  const select = (id: string) => {
    if (id === selected.peek() || !devices.peek().some((device) => device.id === id)) return;
    selectedInfo = hubDevices.find((device) => device.id === id) ?? null;
    // One batch: the panel's effects run once after the replay, not once per message.
    batch(() => {
      selected.value = id;
      devices.value = offered(hubDevices, id);
      pages.value = selectedInfo?.pages ?? [];
      selectedPage.value = preferredPage(pages.value);
      pageChosen = false;
    });
    replay();
  };

  const selectPage = (id: string) => {
    if (id === selectedPage.peek() || !pages.peek().some((page) => page.id === id)) return;
    pageChosen = true;
    selectedPage.value = id;
    replay();
  };

  /** The selected device's pages changed: keep the chosen page, else follow the newest open one. */
  const updatePages = () => {
    const list = selectedInfo?.pages ?? [];
    pages.value = list;
    const current = list.find((page) => page.id === selectedPage.peek());
    if (pageChosen && current) return;
    const preferred = preferredPage(list);
    if (preferred !== null && preferred !== selectedPage.peek() && !current?.connected) {
      selectedPage.value = preferred;
      replay();
    }
  };

  const updateDevices = (list: DeviceInfo[]) => {
    hubDevices = list;
    const current = selected.peek();
    selectedInfo = list.find((device) => device.id === current) ?? selectedInfo;
    devices.value = offered(list, current);
    const first = list[0];
    if (current === null && first) select(first.id);
    else {
      updatePages();
      syncConnection();
    }
  };

  const log = (id: string, page: string | undefined, message: BackgroundToPanel, bytes: number) => {
    let entry = logs.get(id);
    if (entry) logs.delete(id);
    else {
      entry = { entries: [], bytes: 0, dropped: 0 };
      for (const old of logs.keys()) {
        if (logs.size < maxDevices) break;
        if (old !== selected.peek()) logs.delete(old);
      }
    }
    logs.set(id, entry);
    entry.entries.push(page === undefined ? { message, bytes } : { message, bytes, page });
    entry.bytes += bytes;
    // Trimmed in chunks (to 90% of either limit), not one shift per message. A replay that starts mid-session
    // asks the agent for a snapshot.
    if (entry.entries.length > maxLog + Math.ceil(maxLog / 10) || entry.bytes > maxBytes) {
      let cut = Math.max(0, entry.entries.length - maxLog);
      let weight = entry.bytes;
      for (let i = 0; i < cut; i++) weight -= entry.entries[i]?.bytes ?? 0;
      // Never the message just logged: the device's latest word is always kept.
      while (weight > maxBytes * 0.9 && cut < entry.entries.length - 1) weight -= entry.entries[cut++]?.bytes ?? 0;
      entry.entries.splice(0, cut);
      entry.bytes = weight;
      entry.dropped += cut;
      if (id === selected.peek()) dropped.value = entry.dropped;
    }
  };

  /** Our own replies lose the prefix send() gave their command's id. */
  const ownReply = (message: BackgroundToPanel): BackgroundToPanel => {
    if (message.type !== 'agent' || message.envelope.type !== 'reply') return message;
    const payload: unknown = message.envelope.payload;
    if (!isObject(payload) || typeof payload.id !== 'string' || !payload.id.startsWith(idPrefix)) return message;
    const id = payload.id.slice(idPrefix.length);
    return { ...message, envelope: { ...message.envelope, payload: { ...payload, id } } } as BackgroundToPanel;
  };

  const receive = (data: unknown) => {
    const bytes = typeof data === 'string' ? data.length : 0;
    let value: unknown;
    try {
      value = typeof data === 'string' ? JSON.parse(data) : undefined;
    } catch {
      value = undefined;
    }
    if (!isHubToViewer(value)) {
      sink?.rejected();
      return;
    }
    if (value.type === 'devices') {
      updateDevices(value.devices);
      return;
    }
    const message = ownReply(value.message);
    log(value.device, value.page, message, bytes);
    if (value.device === selected.peek() && shown(value.page)) forward(message);
  };

  const retry = () => {
    if (stopped || timer !== null) return;
    timer = setTimeout(open, delay);
    delay = nextDelay(delay);
  };

  function open(): void {
    timer = null;
    if (stopped) return;
    let next: SocketLike;
    try {
      next = new Socket(url);
    } catch {
      retry();
      return;
    }
    socket = next;
    next.onopen = () => {
      if (socket !== next) return;
      delay = RECONNECT_FIRST_MS;
      hubConnected.value = true;
    };
    next.onmessage = (event) => {
      if (socket === next) receive(event.data);
    };
    // An error is always followed by close, which reconnects.
    next.onerror = () => {};
    next.onclose = () => {
      if (socket !== next) return;
      socket = null;
      hubConnected.value = false;
      syncConnection();
      retry();
    };
  }

  return {
    devices,
    selected,
    pages,
    selectedPage,
    hubConnected,
    dropped,
    select,
    selectPage,
    start(next) {
      sink = next;
      open();
    },
    send(command: PanelCommand) {
      const device = selected.peek();
      if (device === null || !socket || !hubConnected.peek()) return; // the request times out, as with a lost port
      const id = `${idPrefix}${command.id}`;
      const page = selectedPage.peek();
      const message: ViewerToHub = {
        type: 'command',
        device,
        ...(page === null ? {} : { page }),
        command: id.length <= MAX_ID ? { ...command, id } : command,
      };
      try {
        socket.send(JSON.stringify(message));
      } catch {
        // Closing: onclose reconnects, and the hub asks for snapshots again.
      }
    },
    logSize: (id) => logs.get(id)?.entries.length ?? 0,
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const current = socket;
      socket = null;
      hubConnected.value = false;
      current?.close();
    },
  };
}
