// The app's address as a QR code, to open it on a phone by pointing the camera at the desktop screen (the usual way
// to get a LAN URL onto a phone). Encoded by uqr (unjs/uqr: MIT, no dependencies, a few kB; a QR encoder is not
// code worth writing again) and drawn as one SVG path: no markup string, so the panel's no-innerHTML rule holds.

import { encode } from 'uqr';

/** One `M x y h1 v1 h-1 z` square per dark module. */
function modulesPath(data: boolean[][]): string {
  let path = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  return path;
}

export function AppQr(props: { url: string; size?: number }) {
  const { data, size } = encode(props.url, { border: 2 });
  const pixels = props.size ?? 132;
  return (
    <svg
      class="viewer-qr"
      data-testid="viewer-app-qr"
      data-url={props.url}
      role="img"
      aria-label={props.url}
      viewBox={`0 0 ${size} ${size}`}
      width={pixels}
      height={pixels}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={modulesPath(data)} fill="#000" />
    </svg>
  );
}
