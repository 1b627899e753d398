// The viewer's own strings (the device picker, the empty state, the missing token), in the panel's two languages.
// They stay out of _locales/: those ship in the extension, which never shows them. The language is the panel's
// (panel/i18n.ts: the browser's, or `?lang=zh_CN`).

import { lang } from '../panel/i18n';

const en = {
  deviceLabel: 'Device',
  devicePickerTitle: 'The phone or browser whose transfers are shown',
  deviceCount: 'Devices: $1',
  deviceGone: '(disconnected)',
  pageLabel: 'Page',
  pagePickerTitle: 'The tab of the app whose transfers are shown (each tab its own list)',
  pageGone: '(closed)',
  hubConnected: 'Connected to the dev server',
  hubDisconnected: 'Dev server unreachable: reconnecting…',
  emptyTitle: 'No device yet.',
  emptyBody: 'Open the app on your phone (or in any browser) and its uploads and downloads show here:',
  emptyLocalhost: 'On a phone, use the Network address the dev server printed instead of localhost.',
  emptyQr: 'Or scan the code with the phone’s camera (or WeChat).',
  droppedOld:
    'To save memory, this viewer let go of the device’s $1 oldest messages: tasks from that time may be missing or incomplete.',
  noTokenTitle: 'This viewer needs its token.',
  noTokenBody:
    'Open it through the link the dev server printed in its terminal ($1?token=…): the token keeps other people on your network from watching your app’s transfers.',
} as const;

export type ViewerMessageKey = keyof typeof en;

const zhCN: Record<ViewerMessageKey, string> = {
  deviceLabel: '设备',
  devicePickerTitle: '显示其传输的手机或浏览器',
  deviceCount: '设备：$1',
  deviceGone: '（已断开）',
  pageLabel: '页面',
  pagePickerTitle: '显示其传输的应用标签页（每个标签页各自一个列表）',
  pageGone: '（已关闭）',
  hubConnected: '已连接开发服务器',
  hubDisconnected: '无法连接开发服务器，正在重连…',
  emptyTitle: '还没有设备。',
  emptyBody: '在手机（或任意浏览器）上打开应用，它的上传和下载会显示在这里：',
  emptyLocalhost: '在手机上请使用开发服务器输出的 Network 地址，而不是 localhost。',
  emptyQr: '也可以用手机相机（或微信）扫描二维码。',
  droppedOld: '为节省内存，查看器已丢弃此设备最早的 $1 条消息：那段时间的任务可能缺失或不完整。',
  noTokenTitle: '查看器需要访问令牌。',
  noTokenBody: '请通过开发服务器在终端中输出的链接（$1?token=…）打开：令牌可防止同一网络中的其他人查看应用的传输。',
};

export const viewerCatalogs = { en, zh_CN: zhCN } as const;

/** The message in the panel's language, $1…$9 substituted (as panel/i18n.ts's t). */
export function vt(key: ViewerMessageKey, ...substitutions: (string | number)[]): string {
  const message = viewerCatalogs[lang.value][key];
  return message.replace(/\$(\d)/g, (whole, digit: string) => {
    const value = substitutions[Number(digit) - 1];
    return value === undefined ? whole : String(value);
  });
}
