import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnModuleInit,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, DEVICE_TOKEN_REVOCATIONS, type DeviceTokenRevocations } from './auth.guard';
import { DEFAULT_TOKEN_LIFETIMES, TokenIssuer, type TokenLifetimes, TokenVerifier } from './session-token';
import type { TokenKeys } from './token-keys';

export interface AuthModuleOptions {
  /** From `tokenKeysFromConfig`: with the private key, the module also provides a `TokenIssuer`. */
  keys: TokenKeys;
  lifetimes?: TokenLifetimes;
  /** The device registry; without one, device tokens are refused. */
  deviceTokenRevocations?: Type<DeviceTokenRevocations>;
}

const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/**
 * Session tokens for a service: the global `AuthGuard` on every HTTP route, the `TokenVerifier`, and the
 * `TokenIssuer` where the private key is configured. Import once, in the app's root module, beside
 * ClockModule (tokens are checked against the service's CLOCK).
 */
@Module({})
export class AuthModule implements OnModuleInit {
  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions) {}

  static forRoot(options: AuthModuleOptions): DynamicModule {
    const { keys } = options;
    const providers: Provider[] = [
      { provide: AUTH_OPTIONS, useValue: options },
      { provide: TokenVerifier, useValue: new TokenVerifier(keys.publicKey) },
      { provide: APP_GUARD, useClass: AuthGuard },
    ];
    const exports: (symbol | Type)[] = [TokenVerifier];
    if (keys.privateKey) {
      providers.push({
        provide: TokenIssuer,
        useValue: new TokenIssuer(keys.privateKey, options.lifetimes ?? DEFAULT_TOKEN_LIFETIMES),
      });
      exports.push(TokenIssuer);
    }
    if (options.deviceTokenRevocations) {
      providers.push({ provide: DEVICE_TOKEN_REVOCATIONS, useClass: options.deviceTokenRevocations });
      exports.push(DEVICE_TOKEN_REVOCATIONS);
    }
    return { module: AuthModule, global: true, providers, exports };
  }

  onModuleInit(): void {
    if (this.options.keys.development) {
      new Logger('auth').warn(
        'session tokens use the public development key: set AUTH_TOKEN_PRIVATE_KEY / AUTH_TOKEN_PUBLIC_KEY',
      );
    }
  }
}
