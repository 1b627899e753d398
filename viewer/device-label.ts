// A short name for a device from its user agent, for the picker ("iPhone · Safari 17", "Android 14 · Chrome 120",
// "WeChat 8.0 · Android"): enough to tell the phones on a desk apart, not a user-agent parser. In-app browsers
// come first because their user agents also name the system's browser engine.

const IN_APP: [RegExp, string][] = [
  [/MicroMessenger\/(\d+\.\d+)/, 'WeChat'],
  [/wxwork\/(\d+\.\d+)/i, 'WeCom'],
  [/AlipayClient\/(\d+\.\d+)/, 'Alipay'],
  [/DingTalk\/(\d+\.\d+)/, 'DingTalk'],
  [/Html5Plus\/(\d+\.\d+)/, 'uni-app App'],
];

// Order matters: Edge, Samsung, Opera and the Chinese browsers also say Chrome or Safari; Chrome says Safari.
const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/OPR\/(\d+)/, 'Opera'],
  [/UCBrowser\/(\d+)/, 'UC'],
  [/MQQBrowser\/(\d+)/, 'QQ Browser'],
  [/HuaweiBrowser\/(\d+)/, 'Huawei Browser'],
  [/MiuiBrowser\/(\d+)/, 'MIUI Browser'],
  [/CriOS\/(\d+)/, 'Chrome'],
  [/FxiOS\/(\d+)/, 'Firefox'],
  [/Firefox\/(\d+)/, 'Firefox'],
  // An Android WebView (a native app's page, uni-app's App builds) says `; wv)` and Version/4.0 beside Chrome.
  [/; wv\).*Chrome\/(\d+)/, 'WebView'],
  [/Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)(?:\.\d+)*.*Safari\//, 'Safari'],
];

function system(ua: string): string | null {
  const ios = /\b(iPhone|iPad|iPod)\b/.exec(ua);
  if (ios) return ios[1] as string;
  if (/OpenHarmony|HarmonyOS/.test(ua)) return 'HarmonyOS';
  const android = /Android (\d+)/.exec(ua);
  if (android) return `Android ${android[1]}`;
  if (/Android/.test(ua)) return 'Android';
  if (/Windows/.test(ua)) return 'Windows';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Macintosh|Mac OS X/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return null;
}

/** The platform an in-app browser runs on, without its version ("WeChat 8.0 · Android"). */
function platform(ua: string): string | null {
  if (/\b(iPhone|iPad|iPod)\b/.test(ua)) return 'iOS';
  if (/OpenHarmony|HarmonyOS/.test(ua)) return 'HarmonyOS';
  return /Android/.test(ua) ? 'Android' : system(ua);
}

export function describeUserAgent(ua: string): string {
  for (const [pattern, name] of IN_APP) {
    const found = pattern.exec(ua);
    if (found) return [`${name} ${found[1]}`, platform(ua)].filter(Boolean).join(' · ');
  }
  const os = system(ua);
  const browser = BROWSERS.map(([pattern, name]) => [pattern.exec(ua), name] as const).find(([found]) => found);
  const browserName = browser ? `${browser[1]} ${browser[0]?.[1]}` : null;
  if (os || browserName) return [os, browserName].filter(Boolean).join(' · ');
  return ua.trim().slice(0, 40) || '?';
}

const two = (value: number) => String(value).padStart(2, '0');

/** HH:MM:SS in the desktop's time zone. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
