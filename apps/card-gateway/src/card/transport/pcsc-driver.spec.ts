import { loadPcscBinding, SMARTCARD_PACKAGE } from './pcsc-binding';
import { toTransportError } from './pcsc-errors';

describe('PC/SC driver, without pcscd', () => {
  it.each([
    ['Sharing violation', 'card-in-use'],
    ['No smart card present', 'no-card'],
    ['Unknown reader', 'no-reader'],
    ['Reader unavailable', 'no-reader'],
    ['PC/SC service not running', 'driver-unavailable'],
    ['Card was removed', 'connection-lost'],
    ['Communication error', 'connection-lost'],
    ['Transaction failed', 'connection-lost'],
    ['something pcsc-lite has not said before', 'connection-lost'],
  ])('reads the binding error "%s" as %s', (message, failure) => {
    expect(toTransportError(new Error(message), 'transmitting')).toMatchObject({ failure });
  });

  it('names the daemon when pcscd is not running', () => {
    expect(toTransportError(new Error('PC/SC service not running'), 'connecting').message).toContain('pcscd');
  });

  it('names the missing npm package and what it needs when "smartcard" cannot be loaded', async () => {
    jest.resetModules();
    jest.doMock(
      SMARTCARD_PACKAGE,
      () => {
        throw new Error(`Cannot find module '${SMARTCARD_PACKAGE}'`);
      },
      { virtual: true },
    );
    try {
      const error = await loadPcscBinding().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ failure: 'driver-unavailable' });
      expect((error as Error).message).toMatch(/optional npm package "smartcard".*libpcsclite-dev/);
    } finally {
      jest.dontMock(SMARTCARD_PACKAGE);
    }
  });
});
