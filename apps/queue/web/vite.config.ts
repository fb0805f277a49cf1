import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The queue's public screens: one HTML page each, served by the queue app under /screens/. */
export default defineConfig({
  root: __dirname,
  base: '/screens/',
  publicDir: false,
  build: {
    outDir: resolve(__dirname, '../../../dist/web/queue'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        display: resolve(__dirname, 'display.html'),
        kiosk: resolve(__dirname, 'kiosk.html'),
        ticket: resolve(__dirname, 'ticket.html'),
      },
    },
  },
});
