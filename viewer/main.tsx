// Entry of the viewer page that the npm package's Vite plugin serves at `/__uni-transfers/?token=…`
// (built with base '/__uni-transfers/'). No extension here: nothing this page loads may need one.

import { mountViewer } from './mount-viewer';

const root = document.getElementById('root');
if (root) mountViewer(root, location);
