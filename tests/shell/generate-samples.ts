// The random draws behind the shell's synthetic workloads (generate.ts): a seeded PRNG and the endpoints, hosts and
// files the generated tasks pick from.

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
export const int = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

export const UPLOAD_ENDPOINTS = [
  'https://api.shop.example.com/v2/upload/avatar',
  'https://api.shop.example.com/v2/upload/image',
  'https://api.shop.example.com/v2/orders/attachments',
  'https://upload.media.example.net/put',
  'https://im.example.org/chat/file/upload',
  'http://127.0.0.1:8080/upload',
] as const;
export const DOWNLOAD_HOSTS = [
  'https://cdn.static.example.com/assets/2026/11',
  'https://oss-cn-hangzhou.example-cdn.com/user-files',
  'https://files.example.net/reports',
  'https://im.example.org/chat/file/download',
  'http://127.0.0.1:8080/static',
] as const;
const FILES = [
  { stem: 'IMG_2026110', ext: 'jpg', mime: 'image/jpeg', mean: 3e6 },
  { stem: 'screenshot-', ext: 'png', mime: 'image/png', mean: 8e5 },
  { stem: 'contract-', ext: 'pdf', mime: 'application/pdf', mean: 2e6 },
  { stem: 'backup-', ext: 'zip', mime: 'application/zip', mean: 2e7 },
  { stem: 'voice-', ext: 'mp3', mime: 'audio/mpeg', mean: 4e5 },
  { stem: 'clip-', ext: 'mp4', mime: 'video/mp4', mean: 3e7 },
  { stem: '发票-2026', ext: 'pdf', mime: 'application/pdf', mean: 1.5e5 },
  { stem: '头像_', ext: 'webp', mime: 'image/webp', mean: 9e4 },
  {
    stem: 'export-',
    ext: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    mean: 6e5,
  },
] as const;

export function sizeFor(random: () => number, mean: number): number {
  // Log-normal-ish around the mean, at least 1 kB.
  return Math.max(1024, Math.round(mean * Math.exp((random() - 0.5) * 2.4)));
}

export function fileNameFor(random: () => number, index: number) {
  const file = pick(random, FILES);
  return { ...file, name: `${file.stem}${String(index % 1000).padStart(3, '0')}.${file.ext}` };
}
