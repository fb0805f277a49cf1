import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The queue's screens: one HTML page each, served by the queue app under /screens/. */
export default defineConfig({
  root: __dirname,
  base: '/screens/',
  publicDir: false,
  // The domain library is pure TypeScript: the clerk workstation bundles its PIN format check and
  // identity-document list rather than copying them.
  resolve: {
    alias: [{ find: /^@madoguchi\/domain/, replacement: resolve(__dirname, '../../../libs/domain/src') }],
  },
  build: {
    outDir: resolve(__dirname, '../../../dist/web/queue'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        display: resolve(__dirname, 'display.html'),
        kiosk: resolve(__dirname, 'kiosk.html'),
        ticket: resolve(__dirname, 'ticket.html'),
        clerk: resolve(__dirname, 'clerk.html'),
        reports: resolve(__dirname, 'reports.html'),
      },
    },
  },
});
